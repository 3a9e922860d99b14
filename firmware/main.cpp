#include "app/commands.hpp"

int main(int argc, char** argv) { return placard::app::main(argc, argv); }
