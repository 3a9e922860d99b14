#pragma once
// One deleter for every C library's handle: std::unique_ptr<T, Deleter<free_function>> frees
// it exactly once, whatever path leaves the scope. Null is never passed to the free function,
// as unique_ptr does not call a deleter on null.
namespace placard {

template <auto Free>
struct Deleter {
    template <class T>
    void operator()(T* p) const noexcept {
        Free(p);
    }
};

}  // namespace placard
