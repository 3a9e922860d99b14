#pragma once
// Owning handles for SDL objects: a deleter per type, so that no SDL object is freed by hand.
#include <memory>

#include <SDL.h>

namespace placard {

template <auto Free>
struct SdlDeleter {
    template <class T>
    void operator()(T* p) const noexcept {
        if (p) Free(p);
    }
};

using SurfacePtr = std::unique_ptr<SDL_Surface, SdlDeleter<SDL_FreeSurface>>;
using TexturePtr = std::unique_ptr<SDL_Texture, SdlDeleter<SDL_DestroyTexture>>;
using RendererPtr = std::unique_ptr<SDL_Renderer, SdlDeleter<SDL_DestroyRenderer>>;
using WindowPtr = std::unique_ptr<SDL_Window, SdlDeleter<SDL_DestroyWindow>>;

}  // namespace placard
