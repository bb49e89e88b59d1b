/// \file
/// \brief Training the fast MLP on a whole image set, epoch after epoch, and measuring it:
///        the loop of chapter 6 (a seeded reshuffle every epoch, then consecutive batches),
///        with hooks for a progress bar and for stopping, and the evaluation on a test set.
///
/// The page is \ref ch09_fast_mlp, at
/// \ref ch09_train_eval "section 16: nnref train and nnref eval"; the tests are
/// tests/test_ch09_mlp.cpp.
#pragma once

#include "09-fast-mlp/mlp.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

namespace nnref::fast {

/// What one epoch did.
/// Chapter 9, \ref ch09_train_eval "section 16: nnref train and nnref eval".
struct EpochResult {
    std::size_t epoch = 0;        ///< counted from 1
    double train_loss = 0;        ///< the mean of the epoch's batch losses, each before its step
    double test_accuracy = 0;     ///< on the test set after the epoch (not timed)
    double seconds = 0;           ///< the epoch's training time
    PhaseTimes phases;            ///< where that time went
};

/// Calls the trainer makes.
/// Chapter 9, \ref ch09_train_eval "section 16: nnref train and nnref eval".
struct TrainHooks {
    /// After each step: examples done in this epoch, the epoch's size, the running mean loss.
    std::function<void(std::size_t done, std::size_t total, double loss)> on_step;
    /// After each complete epoch (the CLI saves the model here).
    std::function<void(const EpochResult&)> on_epoch;
    /// Polled between steps; when it becomes true the run stops before the next step, and the
    /// unfinished epoch is not reported.
    const std::atomic<bool>* stop = nullptr;
};

/// Trains `net` for `epochs` epochs on `train`, reporting the accuracy on `test` after each.
/// Each epoch visits every example once, in an order reshuffled from config().seed (as
/// chapter 6's descend does), in consecutive batches of config().batch; the last may be
/// smaller.
/// \param net the network, trained in place
/// \param train the training images
/// \param test the images to measure the accuracy on
/// \param epochs how many epochs
/// \param hooks progress, end of epoch, and stop
/// \return one result per complete epoch
std::vector<EpochResult> train(FastMlp& net, const ImageSet& train, const ImageSet& test,
                               std::size_t epochs, const TrainHooks& hooks = {});

/// A classifier's results on a set: the confusion matrix and what follows from it.
/// Chapter 9, \ref ch09_train_eval "section 16: nnref train and nnref eval".
struct Evaluation {
    std::vector<std::vector<std::size_t>> confusion;  ///< [true class][predicted class]
    std::size_t count = 0;                            ///< images
    std::size_t correct = 0;                          ///< on the diagonal
    /// correct / count.
    double accuracy() const { return count ? static_cast<double>(correct) / static_cast<double>(count) : 0.0; }
    /// The accuracy on the images of class c.
    /// \param c the class
    double class_accuracy(std::size_t c) const;
};

/// Runs the network on every image of `data` and counts.
/// \param net the network
/// \param data the images and their labels
Evaluation evaluate(FastMlp& net, const ImageSet& data);

}  // namespace nnref::fast
