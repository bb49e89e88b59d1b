/// \file
/// \brief `Matrix<T>`: a small row-major matrix with plain loops, so each line matches a formula.
///
/// There is no expression-template magic and no SIMD here; chapter 9 is where speed lives.
/// Every operation checks shapes and throws `shape_error` naming the operation and both shapes.
#pragma once

#include "nnref/core/error.hpp"

#include <cstddef>
#include <initializer_list>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace nnref {

/// A rows × cols matrix stored row by row: element (i, j) sits at `data()[i * cols + j]`.
///
/// It is also a flat container of `size()` numbers (`operator[]`), which is how the
/// gradient checker perturbs one entry at a time.
template <class T>
class Matrix {
public:
    using value_type = T;

    /// An empty 0 × 0 matrix.
    Matrix() = default;

    /// A rows × cols matrix filled with `fill` (default zero).
    Matrix(std::size_t rows, std::size_t cols, const T& fill = T(0))
        : rows_(rows), cols_(cols), data_(rows * cols, fill) {}

    /// A matrix written row by row: `Matrix<f64>{{1, 2}, {3, 4}}`. All rows must have one length.
    Matrix(std::initializer_list<std::initializer_list<T>> rows) : rows_(rows.size()) {
        cols_ = rows_ == 0 ? 0 : rows.begin()->size();
        data_.reserve(rows_ * cols_);
        std::size_t i = 0;
        for (const auto& row : rows) {
            if (row.size() != cols_) {
                throw shape_error("Matrix: row " + std::to_string(i) + " has " +
                                  std::to_string(row.size()) + " entries but row 0 has " +
                                  std::to_string(cols_));
            }
            data_.insert(data_.end(), row.begin(), row.end());
            ++i;
        }
    }

    /// Number of rows.
    std::size_t rows() const { return rows_; }
    /// Number of columns.
    std::size_t cols() const { return cols_; }
    /// Number of entries, rows × cols.
    std::size_t size() const { return data_.size(); }
    /// The shape as text, "rows x cols", for error messages.
    std::string shape() const { return std::to_string(rows_) + "x" + std::to_string(cols_); }

    /// Entry (i, j), unchecked: use in loops whose bounds come from rows() and cols().
    T& operator()(std::size_t i, std::size_t j) { return data_[i * cols_ + j]; }
    /// Entry (i, j), unchecked.
    const T& operator()(std::size_t i, std::size_t j) const { return data_[i * cols_ + j]; }

    /// Entry (i, j), checked: throws shape_error when (i, j) is outside the matrix.
    const T& at(std::size_t i, std::size_t j) const {
        if (i >= rows_ || j >= cols_) {
            throw shape_error("Matrix::at(" + std::to_string(i) + ", " + std::to_string(j) +
                              ") is outside a " + shape() + " matrix");
        }
        return (*this)(i, j);
    }

    /// The k-th entry in row-major order (flat view).
    T& operator[](std::size_t k) { return data_[k]; }
    /// The k-th entry in row-major order (flat view).
    const T& operator[](std::size_t k) const { return data_[k]; }

    /// All entries, row by row.
    const std::vector<T>& data() const { return data_; }
    /// All entries, row by row.
    std::vector<T>& data() { return data_; }

    /// Two matrices are equal when their shapes and every entry are equal.
    friend bool operator==(const Matrix& a, const Matrix& b) {
        return a.rows_ == b.rows_ && a.cols_ == b.cols_ && a.data_ == b.data_;
    }

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::vector<T> data_;
};

/// Prints a matrix row by row, as `[[1, 2], [3, 4]]`.
template <class T>
std::ostream& operator<<(std::ostream& out, const Matrix<T>& A) {
    out << "[";
    for (std::size_t i = 0; i < A.rows(); ++i) {
        out << (i ? ", [" : "[");
        for (std::size_t j = 0; j < A.cols(); ++j) {
            out << (j ? ", " : "") << A(i, j);
        }
        out << "]";
    }
    return out << "]";
}

/// Dot product of two vectors of equal length.
/// \f[ a \cdot b = \sum_{i} a_i b_i \f]
template <class T>
T dot(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) {
        throw shape_error("dot: a has " + std::to_string(a.size()) + " entries but b has " +
                          std::to_string(b.size()) + "; they must have the same length");
    }
    T sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sum += a[i] * b[i];
    }
    return sum;
}

/// Row i of X as a vector: with one example per row, this is example i.
template <class T>
std::vector<T> row(const Matrix<T>& X, std::size_t i) {
    if (i >= X.rows()) {
        throw shape_error("row(X, " + std::to_string(i) + "): X is " + X.shape());
    }
    const auto first = X.data().begin() + static_cast<std::ptrdiff_t>(i * X.cols());
    return std::vector<T>(first, first + static_cast<std::ptrdiff_t>(X.cols()));
}

/// Throws shape_error unless a and b have the same shape; `op` names the operation.
template <class T>
void require_same_shape(const Matrix<T>& a, const Matrix<T>& b, const std::string& op) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
        throw shape_error(op + ": A is " + a.shape() + " but B is " + b.shape() +
                          "; both must have the same shape");
    }
}

//! [matmul]
/// Matrix product.
/// \f[ C_{ij} = \sum_{k} A_{ik} B_{kj} \f]
/// A is m × n, B is n × p, C is m × p.
template <class T>
Matrix<T> matmul(const Matrix<T>& A, const Matrix<T>& B) {
    if (A.cols() != B.rows()) {
        throw shape_error("matmul: A is " + A.shape() + " but B is " + B.shape() +
                          "; A's columns (" + std::to_string(A.cols()) + ") must equal B's rows (" +
                          std::to_string(B.rows()) + ")");
    }
    Matrix<T> C(A.rows(), B.cols());
    for (std::size_t i = 0; i < A.rows(); ++i) {
        for (std::size_t k = 0; k < A.cols(); ++k) {
            for (std::size_t j = 0; j < B.cols(); ++j) {
                C(i, j) += A(i, k) * B(k, j);
            }
        }
    }
    return C;
}
//! [matmul]

/// Transpose: \f$ (A^\top)_{ij} = A_{ji} \f$. A is m × n, the result n × m.
template <class T>
Matrix<T> transpose(const Matrix<T>& A) {
    Matrix<T> At(A.cols(), A.rows());
    for (std::size_t i = 0; i < A.rows(); ++i) {
        for (std::size_t j = 0; j < A.cols(); ++j) {
            At(j, i) = A(i, j);
        }
    }
    return At;
}

/// Entrywise sum \f$ A + B \f$; shapes must match.
template <class T>
Matrix<T> operator+(const Matrix<T>& A, const Matrix<T>& B) {
    require_same_shape(A, B, "A + B");
    Matrix<T> C = A;
    for (std::size_t k = 0; k < C.size(); ++k) {
        C[k] += B[k];
    }
    return C;
}

/// Entrywise difference \f$ A - B \f$; shapes must match.
template <class T>
Matrix<T> operator-(const Matrix<T>& A, const Matrix<T>& B) {
    require_same_shape(A, B, "A - B");
    Matrix<T> C = A;
    for (std::size_t k = 0; k < C.size(); ++k) {
        C[k] -= B[k];
    }
    return C;
}

/// Scalar multiple \f$ s A \f$.
template <class T>
Matrix<T> operator*(const T& s, const Matrix<T>& A) {
    Matrix<T> C = A;
    for (std::size_t k = 0; k < C.size(); ++k) {
        C[k] *= s;
    }
    return C;
}

/// Entrywise (Hadamard) product \f$ (A \odot B)_{ij} = A_{ij} B_{ij} \f$; shapes must match.
template <class T>
Matrix<T> hadamard(const Matrix<T>& A, const Matrix<T>& B) {
    require_same_shape(A, B, "hadamard(A, B)");
    Matrix<T> C = A;
    for (std::size_t k = 0; k < C.size(); ++k) {
        C[k] *= B[k];
    }
    return C;
}

}  // namespace nnref
