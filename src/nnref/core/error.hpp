/// \file
/// \brief The project's errors: a small hierarchy, each with a message a student can act on.
///
/// Every error names what went wrong, where, and what was expected, for example
/// `matmul: A is 2x3 but B is 4x1; A's columns (3) must equal B's rows (4)`.
/// Catch `nnref::error` to catch them all.
#pragma once

#include <stdexcept>
#include <string>

namespace nnref {

/// Base of every error nnref throws.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Two shapes that must agree do not (matrix sizes, vector lengths).
class shape_error : public error {
public:
    using error::error;
};

/// Bad input from outside the program: a file, a dataset, a command-line value.
class input_error : public error {
public:
    using error::error;
};

/// A computation produced NaN or infinity, or left its mathematical domain.
class numeric_error : public error {
public:
    using error::error;
};

/// A value beyond the number type's range: overflow to infinity, or underflow to zero of a
/// quantity that is not zero. Nothing computed from it can be trusted at this precision, so a
/// check reports the point as one it cannot judge, never as a wrong answer.
class range_error : public numeric_error {
public:
    using numeric_error::numeric_error;
};

/// A computation that ran past its time limit (a check of a huge formula, say).
class time_limit_error : public error {
public:
    using error::error;
};

/// A gradient check that was set up so that it cannot fail (for example, every value is 0).
class check_error : public error {
public:
    using error::error;
};

/// An exercise stub the student has not written yet.
class not_implemented : public error {
public:
    using error::error;
};

}  // namespace nnref
