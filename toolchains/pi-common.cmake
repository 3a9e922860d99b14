# What both Pi toolchain files share; they set PLACARD_PI_TRIPLET, PLACARD_PI_DEB_ARCH and
# PLACARD_PI_QEMU first. Tests run on the PC under qemu-user with the sysroot's own C
# library (-L), so that the loader and libc always match.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${PLACARD_PI_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${PLACARD_PI_TRIPLET}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${PLACARD_PI_TRIPLET})

if(NOT PLACARD_SYSROOT)
    get_filename_component(PLACARD_SYSROOT "${CMAKE_CURRENT_LIST_DIR}/../build/sysroot-${PLACARD_PI_DEB_ARCH}" ABSOLUTE)
endif()
set(PLACARD_SYSROOT "${PLACARD_SYSROOT}" CACHE PATH "The Pi's libraries (toolchains/prepare-cross.sh)")
if(NOT EXISTS "${PLACARD_SYSROOT}/usr/include/SDL2")
    message(FATAL_ERROR "No ${PLACARD_PI_DEB_ARCH} sysroot in ${PLACARD_SYSROOT}: "
        "run toolchains/prepare-cross.sh ${PLACARD_PI_DEB_ARCH} first")
endif()
set(CMAKE_SYSROOT "${PLACARD_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${PLACARD_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config reads the sysroot's .pc files and prefixes their paths with it.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${PLACARD_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
    "${PLACARD_SYSROOT}/usr/lib/${PLACARD_PI_TRIPLET}/pkgconfig:${PLACARD_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

set(CMAKE_CROSSCOMPILING_EMULATOR ${PLACARD_PI_QEMU} -L "${PLACARD_SYSROOT}")

# The package: labelled for the Pi, with dpkg-shlibdeps reading the sysroot's libraries and
# the dpkg database prepare-cross.sh wrote for them (firmware/packaging.cmake hands these on).
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${PLACARD_PI_DEB_ARCH})
set(PLACARD_SHLIBDEPS_ADMINDIR "${PLACARD_SYSROOT}/var/lib/placard-dpkg")
set(PLACARD_SHLIBDEPS_DIRS "${PLACARD_SYSROOT}/usr/lib/${PLACARD_PI_TRIPLET}" "${PLACARD_SYSROOT}/lib/${PLACARD_PI_TRIPLET}")
