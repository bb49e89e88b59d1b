#include "cli/chapters.hpp"

#include "01-neuron/chapter.hpp"
#include "02-activations/chapter.hpp"
#include "03-checking/chapter.hpp"
#include "04-losses/chapter.hpp"
#include "05-backprop/chapter.hpp"
#include "06-descent/chapter.hpp"
#include "07-optimizers/chapter.hpp"
#include "08-dynamics/chapter.hpp"
#include "nnref/core/error.hpp"

namespace nnref::cli {

const std::vector<Chapter>& chapters() {
    static const std::vector<Chapter> all = {
        {1, "01-neuron", "The neuron", ch01::demo, ch01::exercises},
        {2, "02-activations", "Activation functions and their derivatives", ch02::demo,
         ch02::exercises},
        {3, "03-checking", "Checking derivatives numerically", ch03::demo, ch03::exercises},
        {4, "04-losses", "Loss functions", ch04::demo, ch04::exercises},
        {5, "05-backprop", "The chain rule and backpropagation", ch05::demo, ch05::exercises},
        {6, "06-descent", "Gradient descent: batch, stochastic and mini-batch", ch06::demo,
         ch06::exercises},
        {7, "07-optimizers", "Momentum and adaptive optimizers", ch07::demo, ch07::exercises},
        {8, "08-dynamics", "Training dynamics: vanishing and exploding gradients, initialization, dead ReLUs",
         ch08::demo, ch08::exercises},
    };
    return all;
}

const Chapter& chapter(int number) {
    for (const auto& c : chapters()) {
        if (c.number == number) {
            return c;
        }
    }
    std::string known;
    for (const auto& c : chapters()) {
        known += (known.empty() ? "" : ", ") + std::to_string(c.number);
    }
    throw input_error("there is no chapter " + std::to_string(number) +
                      " yet; chapters available: " + known + " (see 'nnref chapters')");
}

}  // namespace nnref::cli
