#pragma once
// Owning handles for SDL objects: a deleter per type, so that no SDL object is freed by hand.
#include <memory>

#include <SDL.h>

#include "util/deleter.hpp"

namespace placard {

using SurfacePtr = std::unique_ptr<SDL_Surface, Deleter<SDL_FreeSurface>>;
using TexturePtr = std::unique_ptr<SDL_Texture, Deleter<SDL_DestroyTexture>>;
using RendererPtr = std::unique_ptr<SDL_Renderer, Deleter<SDL_DestroyRenderer>>;
using WindowPtr = std::unique_ptr<SDL_Window, Deleter<SDL_DestroyWindow>>;

}  // namespace placard
