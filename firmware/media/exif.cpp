// exif_orientation(): how a camera says the picture was held, from the EXIF block.
#include <memory>

#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>

#include "media/image.hpp"
#include "media/jpeg_end.hpp"
#include "util/deleter.hpp"

namespace placard::media {
namespace {}  // namespace

int exif_orientation(std::string_view bytes) {
    if (!is_jpeg(bytes)) return 1;
    std::unique_ptr<ExifData, Deleter<exif_data_unref>> exif(exif_data_new());
    if (!exif) return 1;
    // Read what is there: "following the specification" would add the tags it finds
    // missing, work for nothing here.
    exif_data_unset_option(exif.get(), EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_load_data(exif.get(), reinterpret_cast<const unsigned char*>(bytes.data()),
                        static_cast<unsigned int>(bytes.size()));
    // Orientation belongs in IFD0 (EXIF 2.3, 4.6.4 A).
    ExifEntry* entry = exif_content_get_entry(exif->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (!entry || entry->format != EXIF_FORMAT_SHORT || entry->components < 1 || entry->size < 2) return 1;
    const int value = exif_get_short(entry->data, exif_data_get_byte_order(exif.get()));
    return value >= 1 && value <= 8 ? value : 1;
}

}  // namespace placard::media
