// The folder driver: the pictures in a folder on the Pi (posters, photos), in the order
// of their names, looked at again every 30 s at most.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "content/source_driver.hpp"

namespace placard::content {
namespace {

namespace fs = std::filesystem;

bool is_picture_file(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".gif";
}

class FolderDriver final : public SourceDriver {
public:
    std::set<ItemKind> kinds(std::set<ItemKind> /*wanted*/) const override { return {ItemKind::image}; }

    void begin(Feed& f, FeedHost& host) const override {
        std::error_code ec;
        std::vector<fs::path> files;
        for (auto it = fs::directory_iterator(f.path, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
            std::error_code e2;
            if (it->is_regular_file(e2) && is_picture_file(it->path())) files.push_back(it->path());
        }
        if (ec) {
            host.failed(f,
                        Error{f.path.string(), fmt::format("cannot read the folder ({})", ec.message()),
                              "check the path in the playlist"},
                        "content");
            f.polite.ask_at(next_local_check(f, host));
            return;
        }
        std::sort(files.begin(), files.end(),
                  [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
        std::vector<Item> items;
        for (const auto& file : files) {
            Item item;
            item.kind = ItemKind::image;
            item.id = file.filename().string();
            item.image = fs::absolute(file).string();
            items.push_back(std::move(item));
        }
        ItemsByKind by_kind;
        by_kind[ItemKind::image] = std::move(items);
        host.replace_items(f, std::move(by_kind));
        host.succeeded(f);
        f.polite.ask_at(next_local_check(f, host));
    }

    // Its items are its file names: nothing to keep but them.
    bool keeps_body() const override { return false; }
};

}  // namespace

const SourceDriver& folder_driver() {
    static const FolderDriver driver;
    return driver;
}

}  // namespace placard::content
