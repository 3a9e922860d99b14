#pragma once
// SDL with the offscreen driver, SDL_ttf and SDL_image (PNG, JPEG), once for the whole
// test program: the tests that draw need no display; and the fonts the slides use.
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <doctest/doctest.h>

#include "render/fonts.hpp"

namespace placard::test {

inline void start_sdl() {
    struct Session {
        Session() {
            SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
            REQUIRE(SDL_Init(SDL_INIT_VIDEO) == 0);
            REQUIRE(TTF_Init() == 0);
            IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG);
        }
        ~Session() {
            IMG_Quit();
            TTF_Quit();
            SDL_Quit();
        }
    };
    static Session session;
}

// The slide fonts, opened once SDL is up.
inline render::Fonts& fonts() {
    start_sdl();
    static auto f = render::Fonts::open();
    REQUIRE(f);
    return **f;
}

}  // namespace placard::test
