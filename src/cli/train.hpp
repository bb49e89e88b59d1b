/// \file
/// \brief `nnref train` and `nnref eval`: chapter 9's fast MLP on Fashion-MNIST, from the
///        command line, with a progress bar, a CSV log and model files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>

namespace nnref::cli {

/// The command line of `nnref train`.
struct TrainArgs {
    std::filesystem::path data;               ///< the IDX files' folder; empty: data/README.md's search
    std::string layers = "784,512,256,10";    ///< the widths, n_inputs first
    std::string activation = "relu";          ///< relu, leaky_relu, tanh or sigmoid
    std::string optimizer = "adam";           ///< sgd, momentum, adam or adamw
    float lr = 1e-3f;                         ///< the learning rate
    std::size_t batch = 128;                  ///< examples per step
    std::size_t epochs = 10;                  ///< passes over the training set
    int threads = 0;                          ///< 0: all cores (the command line refuses 0 given)
    std::uint64_t seed = 1;                   ///< the initial weights and every epoch's order
    std::string init = "pytorch";             ///< pytorch (chapter 5's init), he or xavier (chapter 8)
    std::filesystem::path out = "model.nnref";  ///< the model, rewritten after every epoch
    std::filesystem::path log;                ///< the CSV log, one row per epoch; empty: none
    std::size_t limit = 0;                    ///< train on the first `limit` images only (0: all)
    bool unfused = false;                     ///< bias, activation and Adam in passes of their own
    bool keep_subnormals = false;             ///< the optimizer without flush-to-zero
};

/// Runs `nnref train`: prints progress to `out` (a live bar when it is a terminal, plain lines
/// otherwise), saves the model after every epoch, and stops cleanly on Ctrl-C.
/// \return 0 when every epoch ran, 130 when Ctrl-C stopped it
/// \throws input_error for bad data or options (the caller exits with 2)
int run_train(const TrainArgs& args, std::ostream& out);

/// Runs `nnref eval`: the test accuracy, the accuracy of each class and the confusion matrix.
/// \param model the model file
/// \param data the IDX files' folder; empty: data/README.md's search
/// \param out where to print
/// \return 0
/// \throws input_error for a bad model file or data (the caller exits with 2)
int run_eval(const std::filesystem::path& model, const std::filesystem::path& data, std::ostream& out);

}  // namespace nnref::cli
