/// \file
/// \brief The test runner: Boost.Test's compiled library supplies main().
#define BOOST_TEST_MODULE nnref
#include <boost/test/unit_test.hpp>
