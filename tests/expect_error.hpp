/// \file
/// \brief A test helper: expect a call to throw an error of a given type whose message
///        contains a given text (the part a student would act on).
#pragma once

#include <boost/test/unit_test.hpp>

#include <string>

/// Expects `attempt` to throw E with `needle` in its message.
template <class E, class F>
void expect_error(F attempt, const std::string& needle) {
    try {
        attempt();
        BOOST_ERROR("no error was thrown; expected one mentioning '" + needle + "'");
    } catch (const E& e) {
        BOOST_TEST(std::string(e.what()).find(needle) != std::string::npos, e.what());
    }
}
