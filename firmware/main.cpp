#include "app/commands.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#if defined(__GLIBC__)
    // Frames and pictures are megabytes each and come and go with every slide. glibc
    // raises its mmap threshold to the size of each such block once freed, and then keeps
    // later ones in the heap, where freed memory stays resident: about 7 MB of peak RSS on
    // the demo's first start. A fixed threshold gives every large block back when freed.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
    return placard::app::main(argc, argv);
}
