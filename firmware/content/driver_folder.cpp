// The folder driver: the pictures in a folder on the Pi (posters, photos) and its clips,
// in the order of their names, looked at again every 30 s at most.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "config/load.hpp"
#include "content/source_driver.hpp"

namespace placard::content {
namespace {

namespace fs = std::filesystem;

std::string extension_of(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

bool is_picture_file(const fs::path& p) {
    const std::string ext = extension_of(p);
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".gif";
}

bool is_clip_file(const fs::path& p) {
    return config::is_clip_name(p.filename().string());
}

class FolderDriver final : public SourceDriver {
public:
    std::set<ItemKind> kinds(std::set<ItemKind> /*wanted*/) const override { return {ItemKind::image, ItemKind::clip}; }

    void begin(Feed& f, FeedHost& host) const override {
        std::error_code ec;
        std::vector<fs::path> files;
        for (auto it = fs::directory_iterator(f.path, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
            std::error_code e2;
            if (it->is_regular_file(e2) && (is_picture_file(it->path()) || is_clip_file(it->path())))
                files.push_back(it->path());
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
        ItemsByKind by_kind{{ItemKind::image, {}}, {ItemKind::clip, {}}};
        for (const auto& file : files) {
            Item item;
            item.kind = is_clip_file(file) ? ItemKind::clip : ItemKind::image;
            item.id = file.filename().string();
            (item.kind == ItemKind::clip ? item.video : item.image) = fs::absolute(file).string();
            by_kind[item.kind].push_back(std::move(item));
        }
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
