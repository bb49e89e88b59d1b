/// \file
/// \brief The epoch loop and the evaluation (train.hpp).
#include "09-fast-mlp/train.hpp"

#include "nnref/core/error.hpp"
#include "nnref/core/random.hpp"

#include <chrono>
#include <numeric>

namespace nnref::fast {

std::vector<EpochResult> train(FastMlp& net, const ImageSet& train, const ImageSet& test,
                               std::size_t epochs, const TrainHooks& hooks) {
    if (train.count == 0) {
        throw input_error("train: the training set is empty");
    }
    const std::size_t N = train.count, B = std::min(net.config().batch, N);
    std::vector<std::size_t> order(N);
    std::iota(order.begin(), order.end(), std::size_t{0});
    Rng rng(net.config().seed);
    std::vector<EpochResult> results;
    //! [epoch]
    for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
        if (B < N) {
            rng.shuffle(order);  // the same order as chapter 6 draws from the same seed
        }
        net.reset_timing();
        const auto start = std::chrono::steady_clock::now();
        double loss_sum = 0;
        for (std::size_t first = 0; first < N; first += B) {
            if (hooks.stop && hooks.stop->load()) {
                return results;
            }
            const std::size_t n = std::min(B, N - first);
            loss_sum += static_cast<double>(net.train_step(train, order.data() + first, n)) * n;
            if (hooks.on_step) {
                hooks.on_step(first + n, N, loss_sum / static_cast<double>(first + n));
            }
        }
        EpochResult r;
        r.epoch = epoch;
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        r.phases = net.timing();
        r.train_loss = loss_sum / static_cast<double>(N);
        r.test_accuracy = test.count ? evaluate(net, test).accuracy() : 0.0;
        results.push_back(r);
        if (hooks.on_epoch) {
            hooks.on_epoch(r);
        }
    }
    //! [epoch]
    return results;
}

double Evaluation::class_accuracy(std::size_t c) const {
    const auto& row = confusion.at(c);
    const std::size_t total = std::accumulate(row.begin(), row.end(), std::size_t{0});
    return total ? static_cast<double>(row[c]) / static_cast<double>(total) : 0.0;
}

Evaluation evaluate(FastMlp& net, const ImageSet& data) {
    const std::size_t K = net.config().widths.back();
    Evaluation e;
    e.confusion.assign(K, std::vector<std::size_t>(K, 0));
    e.count = data.count;
    std::vector<int> predicted(data.count);
    net.predict(data, 0, data.count, predicted.data());
    for (std::size_t n = 0; n < data.count; ++n) {
        if (data.labels[n] >= K) {
            throw input_error("evaluate: label " + std::to_string(data.labels[n]) + " of image " +
                              std::to_string(n) + " is not one of the network's " + std::to_string(K) +
                              " classes");
        }
        ++e.confusion[data.labels[n]][static_cast<std::size_t>(predicted[n])];
        e.correct += data.labels[n] == predicted[n];
    }
    return e;
}

}  // namespace nnref::fast
