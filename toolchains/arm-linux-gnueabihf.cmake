# Cross build for the Raspberry Pi (armhf): Debian's arm-linux-gnueabihf compilers against the sysroot
# that toolchains/prepare-cross.sh armhf makes in build/sysroot-armhf (or PLACARD_SYSROOT).
set(CMAKE_SYSTEM_PROCESSOR arm)
set(PLACARD_PI_TRIPLET arm-linux-gnueabihf)
set(PLACARD_PI_DEB_ARCH armhf)
set(PLACARD_PI_QEMU /usr/bin/qemu-arm-static)
include(${CMAKE_CURRENT_LIST_DIR}/pi-common.cmake)
