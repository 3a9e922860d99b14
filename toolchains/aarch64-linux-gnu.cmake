# Cross build for the Raspberry Pi (arm64): Debian's aarch64-linux-gnu compilers against the sysroot
# that toolchains/prepare-cross.sh arm64 makes in build/sysroot-arm64 (or PLACARD_SYSROOT).
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(PLACARD_PI_TRIPLET aarch64-linux-gnu)
set(PLACARD_PI_DEB_ARCH arm64)
set(PLACARD_PI_QEMU /usr/bin/qemu-aarch64-static)
include(${CMAKE_CURRENT_LIST_DIR}/pi-common.cmake)
