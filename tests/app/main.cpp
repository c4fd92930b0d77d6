// Catch2's main for the native app tests (its own translation unit: the header is slow).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
