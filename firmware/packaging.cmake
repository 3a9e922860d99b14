# Installing placard, and its Debian package (`cpack` in a build folder):
#   /usr/bin/placard
#   /usr/lib/systemd/system/placard.service
#   /usr/lib/systemd/system/placard-web.socket, placard-web@.service   web slides' page drawer
#   /usr/lib/udev/rules.d/60-placard-cec.rules   /dev/cec* for the video group (HDMI-CEC)
#   /usr/lib/sysusers.d/placard.conf      the service's system user, made by the postinst
#   /etc/placard/playlist.json            a conffile: an upgrade keeps the organizer's edits
#   /usr/share/placard/config/            the demo playlist, the examples and the JSON Schema
#   /usr/share/placard/assets/demo/       the demo's feeds, calendar, posters and photos
#   /usr/share/doc/placard/               README.md, copyright and changelog.gz
#   /usr/share/man/man1/placard.1.gz      the manual page
# The package is placard_VERSION_ARCH.deb; its Depends come from dpkg-shlibdeps. In a cross
# build the toolchain file points it at the sysroot's libraries and at the dpkg database
# that toolchains/prepare-cross.sh wrote for them; PLACARD_DEB_DEPENDS overrides it all.

set(PLACARD_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/placard)
set(share_full ${CMAKE_INSTALL_FULL_DATADIR}/placard)  # PLACARD_DATA_DIR of the binary
set(PLACARD_BIN_DIR ${CMAKE_INSTALL_FULL_BINDIR})
set(PLACARD_DOC_DIR ${CMAKE_INSTALL_FULL_DOCDIR})

configure_file(systemd/placard.service.in ${CMAKE_CURRENT_BINARY_DIR}/placard.service @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/placard.service DESTINATION lib/systemd/system)
# Web slides' pages, drawn by `placard web-helper` as a user of its own (web/helper.hpp).
configure_file(systemd/placard-web.socket ${CMAKE_CURRENT_BINARY_DIR}/placard-web.socket @ONLY)
configure_file(systemd/placard-web@.service.in ${CMAKE_CURRENT_BINARY_DIR}/placard-web@.service @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/placard-web.socket ${CMAKE_CURRENT_BINARY_DIR}/placard-web@.service
    DESTINATION lib/systemd/system)
install(FILES udev/60-placard-cec.rules DESTINATION lib/udev/rules.d)
install(FILES systemd/placard.sysusers DESTINATION lib/sysusers.d RENAME placard.conf)

# /etc/placard/playlist.json: the demo, its paths made absolute into /usr/share/placard,
# with a first slide that tells the organizer where to write their own.
file(READ ${PROJECT_SOURCE_DIR}/config/demo.json demo)
string(REPLACE "\"../assets/" "\"${share_full}/assets/" playlist "${demo}")
string(REPLACE "\"$schema\": \"playlist.schema.json\""
    "\"$schema\": \"${share_full}/config/playlist.schema.json\"" playlist "${playlist}")
string(REPLACE "\"slides\": [" "\"slides\": [
    {
      \"type\": \"text\",
      \"title\": \"placard is running\",
      \"body\": \"This is the demo. To show your campaign, edit /etc/placard/playlist.json on this computer, check it with: placard check /etc/placard/playlist.json, then: sudo systemctl reload placard\",
      \"duration\": \"12s\"
    }," playlist "${playlist}")
# The control page on, for the organizers' phones on the hall's network (README, "From your
# phone"): the screen shows the code that sets its password at the first start.
string(REPLACE "\"display\": { " "\"display\": { \"control\": { \"listen\": \"0.0.0.0:8080\" }, "
    playlist "${playlist}")
if(playlist STREQUAL demo OR NOT playlist MATCHES "\"control\"")
    message(FATAL_ERROR "config/demo.json changed shape: firmware/packaging.cmake no longer finds its paths")
endif()
file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/etc/playlist.json CONTENT "${playlist}")
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/etc/playlist.json DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/placard)

install(FILES ${PROJECT_SOURCE_DIR}/config/demo.json ${PROJECT_SOURCE_DIR}/config/playlist.schema.json
    DESTINATION ${PLACARD_SHARE_DIR}/config)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/config/examples DESTINATION ${PLACARD_SHARE_DIR}/config)
# The demo's content, without the scripts that wrote it.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/demo DESTINATION ${PLACARD_SHARE_DIR}/assets
    PATTERN "*.py" EXCLUDE PATTERN "*.sh" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${CMAKE_CURRENT_SOURCE_DIR}/debian/copyright
    DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The Debian changelog. The package is native (placard is its own upstream, the version has
# no Debian revision), so Policy 12.7 names it changelog.gz, not changelog.Debian.gz;
# gzip -9n, as Policy asks: no name or time stamp inside, the same bytes at every build.
# Its newest entry must be this version: a release without an entry stops here.
set(changelog ${CMAKE_CURRENT_SOURCE_DIR}/debian/changelog)
file(STRINGS ${changelog} changelog_top LIMIT_COUNT 1)
if(NOT changelog_top MATCHES "^placard \\(${PROJECT_VERSION}\\) ")
    message(FATAL_ERROR "firmware/debian/changelog begins with \"${changelog_top}\": "
        "add an entry for placard ${PROJECT_VERSION} at its top")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${changelog})
# The manual page, for `man placard` (Policy 12.1), gzip -9n as well.
configure_file(debian/placard.1 ${CMAKE_CURRENT_BINARY_DIR}/placard.1 @ONLY)
foreach(source ${changelog} ${CMAKE_CURRENT_BINARY_DIR}/placard.1)
    get_filename_component(name ${source} NAME)
    add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/${name}.gz
        COMMAND gzip -9n -c ${source} > ${CMAKE_CURRENT_BINARY_DIR}/${name}.gz
        DEPENDS ${source} VERBATIM)
endforeach()
add_custom_target(placard_docs ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz
    ${CMAKE_CURRENT_BINARY_DIR}/placard.1.gz)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/placard.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME placard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "placard maintainers <placard@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "signage player for the halls of solidarity campaigns")
# Lines of at most 79 characters: dpkg shows them indented by one (lintian's limit is 80).
set(CPACK_PACKAGE_DESCRIPTION "placard shows a campaign's latest reports, next events, messages of
solidarity, posters and donation appeals on a TV, fetched from its feeds and
calendars and kept in a cache so that the screen carries on when the network
does not. It runs as a systemd service straight on the console (KMSDRM), for a
Raspberry Pi behind a TV.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/placard")
# CPACK_DEBIAN_PACKAGE_ARCHITECTURE comes from a cross build's toolchain file; without it
# CPack asks dpkg, which names the build machine's.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(PLACARD_DEB_DEPENDS "" CACHE STRING
    "The package's library dependencies when dpkg-shlibdeps cannot see the libraries (a sysroot build)")
if(PLACARD_DEB_DEPENDS)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
    set(library_depends "${PLACARD_DEB_DEPENDS}, ")
else()
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(library_depends "")
    if(PLACARD_SHLIBDEPS_ADMINDIR)
        set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PLACARD_SHLIBDEPS_DIRS})
        # CPack runs dpkg-shlibdeps; the environment is how to hand it the database.
        set(project_config ${CMAKE_CURRENT_BINARY_DIR}/cpack-project-config.cmake)
        file(WRITE ${project_config} "set(ENV{DPKG_ADMINDIR} \"${PLACARD_SHLIBDEPS_ADMINDIR}\")\n")
        set(CPACK_PROJECT_CONFIG_FILE ${project_config})
    endif()
endif()
# Besides the libraries: the slides' font and the zone database; the fallback fonts for
# CJK and emoji are recommended (README, "Text in every script"). And what SDL loads at run
# time to draw on a screen with no desktop (KMSDRM), which dpkg-shlibdeps cannot see: EGL,
# GLES, GBM and Mesa's drivers. Without them a Pi shows nothing.
set(kmsdrm_depends "libegl1, libegl-mesa0, libgles2, libgbm1, libgl1-mesa-dri")
# libmpv and libav*, opened when the first clip plays (firmware/video/libraries.hpp), are not
# linked, so dpkg-shlibdeps does not see them either: their packages are named from the
# sonames built against (libmpv.so.2: libmpv2).
set(video_depends "")
foreach(soname IN ITEMS ${libmpv} ${libavformat} ${libavcodec} ${libavutil})
    string(REGEX REPLACE "^lib(.*)\\.so\\.([0-9]+)$" "lib\\1\\2" package "${soname}")
    string(APPEND video_depends ", ${package}")
endforeach()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${library_depends}${kmsdrm_depends}${video_depends}, fonts-dejavu-core, tzdata")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-droid-fallback, fonts-noto-color-emoji, fonts-symbola, chromium-headless-shell")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/conffiles
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/postinst
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/prerm
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
