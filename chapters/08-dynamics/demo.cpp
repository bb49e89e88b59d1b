/// \file
/// \brief Chapter 8 demo: gradient norms layer by layer in deep networks, exploding gradients
///        and clipping, initialization schemes, dead ReLUs against Leaky ReLU, and sigmoid,
///        tanh and ReLU trained on the same network.
///
/// Run it with `nnref demo 8` (it needs Debian's dataset-fashion-mnist). The book runs it at
/// build time and plots its CSV files (chapters/08-dynamics/figures/*.gp). Every number comes
/// from a fixed seed: the same command prints the same numbers, except the times.
#include "06-descent/descent.hpp"
#include "08-dynamics/dynamics.hpp"
#include "08-dynamics/init.hpp"
#include "nnref/chapter/demo.hpp"
#include "nnref/data/fashion_mnist.hpp"
#include "nnref/data/locate.hpp"

#include <array>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>

namespace nnref::ch08 {

namespace {

constexpr std::array<Activation, 4> hidden_activations = {Activation::sigmoid, Activation::tanh,
                                                          Activation::relu, Activation::leaky_relu};

/// A deep network on Fashion-MNIST's 784 pixels and 10 classes, initialized by `scheme`
/// (biases 0) from seed 1.
MLP<f64> deep_network(Activation act, std::size_t depth, std::size_t width, Init scheme) {
    MLP<f64> net = deep_mlp<f64>(784, depth, width, 10, act);
    Rng rng(1);
    initialize(net, scheme, rng);
    return net;
}

/// The same network with the book's default init (chapter 5's MLP::init: weights and biases
/// from U(±1/√n_in)).
MLP<f64> default_network(Activation act, std::size_t depth, std::size_t width) {
    MLP<f64> net = deep_mlp<f64>(784, depth, width, 10, act);
    Rng rng(1);
    net.init(rng);
    return net;
}

/// The mean factor per layer by which ‖dW‖ grows towards the output, over the hidden layers
/// after the first (layer 1 sees raw pixels, the output layer sees no activation after it).
f64 hidden_ratio(const std::vector<f64>& dW) { return per_layer_ratio(dW, 1, dW.size() - 2); }

std::string sci(f64 x) {
    std::ostringstream s;
    s << std::scientific << std::setprecision(2) << x;
    return s.str();
}

/// The first n examples of a dataset (inputs, labels and targets).
Dataset<f64> first_examples(const Dataset<f64>& d, std::size_t n) {
    std::vector<std::size_t> rows(n);
    for (std::size_t k = 0; k < n; ++k) {
        rows[k] = k;
    }
    return {d.name, gather_rows(d.X, rows, 0, n),
            std::vector<int>(d.labels.begin(), d.labels.begin() + static_cast<std::ptrdiff_t>(n)),
            gather_rows(d.Y, rows, 0, n)};
}

void vanishing(const DemoContext& ctx, const Dataset<f64>& all) {
    auto& out = ctx.out;
    const Dataset<f64> d = first_examples(all, 500);
    out << "1. Vanishing gradients. Ten hidden layers of 32 units, Xavier's init (normal, biases\n"
        << "   0, seed 1); |dL/dW| (Frobenius) of each layer on the first 500 images. Layer 1 is\n"
        << "   next to the input, layer 11 is the output layer.\n\n";
    std::ofstream csv = open_output(ctx, "dyn_norms.csv");
    csv << std::setprecision(6);
    out << "   layer";
    for (const Activation act : hidden_activations) {
        out << std::setw(12) << name(act);
    }
    out << "\n";
    std::array<GradientNorms<f64>, 4> at_init, trained;
    for (std::size_t k = 0; k < hidden_activations.size(); ++k) {
        MLP<f64> net = deep_network(hidden_activations[k], 10, 32, Init::xavier_normal);
        at_init[k] = gradient_norms(net, d.X, d.Y);
        DescentOptions<f64> options;  // 2 epochs of mini-batches of 32, lr 0.1
        options.epochs = 2;
        options.seed = 6;
        options.throw_on_divergence = false;
        descend(net, d.X, d.Y, options);
        trained[k] = gradient_norms(net, d.X, d.Y);
    }
    for (std::size_t l = 0; l < at_init[0].dW.size(); ++l) {
        out << std::setw(8) << l + 1;
        for (const auto& g : at_init) {
            out << std::setw(12) << sci(g.dW[l]);
        }
        out << "\n";
    }
    out << "   ratio per layer, layers 2 to 10:\n        ";
    for (const auto& g : at_init) {
        out << std::setw(12) << std::fixed << std::setprecision(2) << hidden_ratio(g.dW);
    }
    out << "\n   the same after 2 epochs of mini-batch descent (lr 0.1):\n        ";
    for (const auto& g : trained) {
        out << std::setw(12) << hidden_ratio(g.dW);
    }
    out << "\n   at init, with the book's default init (weights and biases U(+-1/sqrt(n_in))):\n        ";
    for (const Activation act : hidden_activations) {
        out << std::setw(12) << hidden_ratio(gradient_norms(default_network(act, 10, 32), d.X, d.Y).dW);
    }
    for (std::size_t k = 0; k < hidden_activations.size(); ++k) {
        csv << "# " << name(hidden_activations[k]) << " at init\n# layer dW dZ\n";
        for (std::size_t l = 0; l < at_init[k].dW.size(); ++l) {
            csv << l + 1 << " " << at_init[k].dW[l] << " " << at_init[k].dZ[l] << "\n";
        }
        csv << "\n\n";
    }
    for (std::size_t k = 0; k < hidden_activations.size(); ++k) {
        csv << "# " << name(hidden_activations[k]) << " after 2 epochs\n# layer dW dZ\n";
        for (std::size_t l = 0; l < trained[k].dW.size(); ++l) {
            csv << l + 1 << " " << trained[k].dW[l] << " " << trained[k].dZ[l] << "\n";
        }
        csv << "\n\n";
    }
    out << "\n\n   A ratio of 4 means each layer's gradient is 4 times smaller than the one above\n"
        << "   it: sigmoid's layer 2 gets about 4^8 = 65000 times less gradient than its layer 10.\n"
        << "   ReLU's ratio is about 1 once the biases start at 0: dW = A^T dZ, and the shrinking\n"
        << "   of dZ going down is undone by the growing of A. Random biases break that balance.\n\n";

    out << "   The bound behind it: going down one sigmoid layer, dZ is multiplied by W^T and by\n"
        << "   sigma'(z) <= 1/4, so |dZ(l)| <= |W(l+1)|_2 / 4 * |dZ(l+1)|. Sigmoid, at init:\n\n"
        << "   layer   |dZ(l)| / |dZ(l+1)|   bound |W(l+1)|_2 / 4\n";
    const MLP<f64> sigmoid_net = deep_network(Activation::sigmoid, 10, 32, Init::xavier_normal);
    for (std::size_t l = 1; l + 1 < at_init[0].dZ.size(); ++l) {
        out << std::setw(8) << l + 1 << std::setw(22) << std::setprecision(4)
            << at_init[0].dZ[l] / at_init[0].dZ[l + 1] << std::setw(23)
            << spectral_norm(sigmoid_net.layers()[l + 1].W) / 4 << "\n";
    }
    out << "\n   Depth from 2 to 20 (width 32, Xavier): |dW| of the first hidden layer over that\n"
        << "   of the last hidden layer, at init\n\n   depth";
    for (const Activation act : hidden_activations) {
        out << std::setw(12) << name(act);
    }
    out << "\n";
    for (const std::size_t depth : {2, 5, 10, 15, 20}) {
        out << std::setw(8) << depth;
        for (const Activation act : hidden_activations) {
            const GradientNorms<f64> g =
                gradient_norms(deep_network(act, depth, 32, Init::xavier_normal), d.X, d.Y);
            out << std::setw(12) << sci(g.dW.front() / g.dW[depth - 1]);
        }
        out << "\n";
    }
    out << "\n   Sigmoid's gap grows by about 4x per layer of depth; the others' stay within a\n"
        << "   constant factor (layer 1 multiplies 784 pixels, not 32 activations).\n\n";
}

/// Ten ReLU layers of 32 units with He's normal init, every weight then multiplied by `gain`.
MLP<f64> he_network(f64 gain) {
    MLP<f64> net = deep_network(Activation::relu, 10, 32, Init::he_normal);
    for (auto& layer : net.layers()) {
        for (std::size_t k = 0; k < layer.W.size(); ++k) {
            layer.W[k] *= gain;
        }
    }
    return net;
}

void exploding(const DemoContext& ctx, const Dataset<f64>& d) {
    auto& out = ctx.out;
    const f64 gain = std::sqrt(2.0);
    out << "2. Exploding gradients. Ten ReLU layers of 32 units: He's init, Var(w) = 2/n_in, and\n"
        << "   the same with every weight times sqrt(2) (Var(w) = 4/n_in). |dL/dZ| by layer:\n\n"
        << "   layer               He   He x sqrt 2\n";
    const GradientNorms<f64> he = gradient_norms(he_network(1), d.X, d.Y);
    const GradientNorms<f64> big = gradient_norms(he_network(gain), d.X, d.Y);
    std::ofstream layers = open_output(ctx, "dyn_explode_layers.csv");
    layers << "# layer dZ_he dZ_he_sqrt2\n" << std::setprecision(6);
    for (std::size_t l = 0; l < he.dZ.size(); ++l) {
        out << std::setw(8) << l + 1 << std::setw(17) << sci(he.dZ[l]) << std::setw(14)
            << sci(big.dZ[l]) << "\n";
        layers << l + 1 << " " << he.dZ[l] << " " << big.dZ[l] << "\n";
    }
    out << "   ratio per layer (down, layers 10 to 1): " << std::setprecision(3)
        << 1 / per_layer_ratio(he.dZ, 0, 9) << " and " << 1 / per_layer_ratio(big.dZ, 0, 9)
        << "\n   (a ReLU layer multiplies the signal by about sqrt(n_out Var(w) / 2): 1 for He, and\n"
        << "   sqrt 2 for twice He's variance, so 2^5 = 32 times more over ten layers)\n\n"
        << "   Training, mini-batches of 32, lr 0.01, 10 epochs:\n\n"
        << "   init     clip_norm   steps   first |g|     largest |g|   final loss\n";
    std::ofstream steps = open_output(ctx, "dyn_explode_steps.csv");
    steps << std::setprecision(6);
    struct Run {
        f64 gain, clip;
    };
    std::vector<f64> first_norm;
    for (const Run r : {Run{1, 0}, Run{gain, 0}, Run{gain, 5}}) {
        MLP<f64> net = he_network(r.gain);
        //! [clip-option]
        DescentOptions<f64> options;
        options.lr = 0.01;
        options.epochs = 10;
        options.seed = 6;
        options.clip_norm = r.clip;  // 0: no clipping
        options.throw_on_divergence = false;
        const DescentRun<f64> run = descend(net, d.X, d.Y, options);
        //! [clip-option]
        first_norm.push_back(run.grad_norm.front());
        f64 largest = 0;
        for (const f64 g : run.grad_norm) {
            largest = std::max(largest, g);
        }
        out << "   " << std::left << std::setw(8) << (r.gain == 1 ? "He" : "He x 1.41") << std::right
            << std::setw(10) << (r.clip > 0 ? std::to_string(static_cast<int>(r.clip)) : "off")
            << std::setw(8) << run.steps << std::setw(14) << sci(run.grad_norm.front())
            << std::setw(14) << sci(largest) << "   "
            << (run.diverged ? "diverged" : to_short_string(run.epoch_loss.back(), 4)) << "\n";
        if (run.diverged) {
            out << "      " << run.message << "\n";
        }
        steps << "# gain " << r.gain << " clip " << r.clip << "\n# step grad_norm batch_loss\n";
        for (std::size_t t = 0; t < run.grad_norm.size(); ++t) {
            steps << t + 1 << " " << run.grad_norm[t] << " " << run.step_loss[t] << "\n";
        }
        steps << "\n\n";
    }
    out << "\n   With sqrt 2 the first gradient is " << std::setprecision(0)
        << first_norm[1] / first_norm[0] << " times He's. Each step pushes the weights\n"
        << "   further, the next gradient is larger still, and within a few steps the numbers\n"
        << "   overflow. Clipping each step's gradient to length 5 keeps its direction but\n"
        << "   bounds the step at lr * 5, and the same network trains.\n\n";
}

void initialization(const DemoContext& ctx, const Dataset<f64>& d) {
    auto& out = ctx.out;
    out << "3. Initialization. Ten hidden layers of 128 units on 500 images; E[a^2] of each\n"
        << "   hidden layer's activations at init, for every scheme (fixed scales: uniform\n"
        << "   s = 0.5, normal s = 0.01). Seed 1.\n\n";
    const Matrix<f64> X = first_examples(d, 500).X;
    std::ofstream csv = open_output(ctx, "dyn_init.csv");
    csv << std::setprecision(6);
    for (const Activation act : {Activation::tanh, Activation::relu}) {
        out << "   " << name(act) << ":\n   scheme          Var(w) n=128   layer 1    layer 2    layer 5   layer 10\n";
        for (const Init scheme : all_inits) {
            const f64 scale = scheme == Init::uniform ? 0.5 : 0.01;
            //! [init-use]
            MLP<f64> net = deep_mlp<f64>(784, 10, 128, 10, act);
            Rng rng(1);
            initialize(net, scheme, rng, scale);
            const std::vector<LayerActivity<f64>> activity = layer_activity(net, X);
            //! [init-use]
            out << "   " << std::left << std::setw(16) << name(scheme) << std::right << std::setw(12)
                << sci(init_variance(scheme, 128, 128, scale));
            for (const std::size_t l : {0, 1, 4, 9}) {
                out << std::setw(11) << sci(activity[l].second_moment);
            }
            out << "\n";
            csv << "# " << name(act) << " " << name(scheme) << "\n# layer second_moment variance\n";
            for (std::size_t l = 0; l < activity.size(); ++l) {
                csv << l + 1 << " " << activity[l].second_moment << " " << activity[l].variance << "\n";
            }
            csv << "\n\n";
        }
        out << "\n";
    }
    out << "   ReLU: He keeps E[a^2] level, Xavier halves it at every layer (ReLU zeroes half of\n"
        << "   z), s = 0.01 kills it and s = 0.5 blows it up. tanh: s = 0.5 saturates the units\n"
        << "   (E[a^2] near 1, where tanh' is near 0), s = 0.01 kills the signal, Xavier lets it\n"
        << "   fade slowly (tanh'(z) < 1 away from 0). Uniform or normal makes little difference:\n"
        << "   the variance is what matters.\n\n";
}

void dead_units(const DemoContext& ctx, const Dataset<f64>& d) {
    auto& out = ctx.out;
    out << "4. Dead ReLUs. Chapter 6's network, 784-32-10, with ReLU and with Leaky ReLU, from\n"
        << "   the same init (seed 1); mini-batches of 32, epoch e reshuffled from seed 6 + e.\n"
        << "   'silent': hidden units with z <= 0 for all 1000 images (for ReLU: dead, as no\n"
        << "   gradient reaches them); 'back': silent after the epoch before, not after this one;\n"
        << "   'sparse': the fraction of hidden activations exactly 0.\n";
    std::ofstream csv = open_output(ctx, "dyn_dead.csv");
    csv << std::setprecision(6);
    constexpr std::array<Activation, 2> kinds = {Activation::relu, Activation::leaky_relu};
    for (const f64 lr : {0.1, 1.0}) {
        out << "\n   lr " << std::setprecision(1) << lr << "          relu                            leaky_relu\n"
            << "   epoch    loss  silent  back  sparse       loss  silent  back  sparse\n";
        std::vector<MLP<f64>> nets;
        std::vector<std::vector<bool>> was_silent;
        for (const Activation act : kinds) {
            nets.emplace_back(std::vector<std::size_t>{784, 32, 10},
                              std::vector<Activation>{act, Activation::identity},
                              Loss::softmax_cross_entropy);
            Rng rng(1);
            nets.back().init(rng);
            was_silent.emplace_back(32, false);
        }
        std::array<std::ostringstream, 2> curves;
        for (std::size_t epoch = 0; epoch <= 10; ++epoch) {
            out << std::setw(8) << epoch;
            for (std::size_t k = 0; k < nets.size(); ++k) {
                //! [dead-loop]
                f64 loss = 0;
                if (epoch == 0) {
                    loss = nets[k].loss(d.X, d.Y);
                } else {
                    DescentOptions<f64> options;
                    options.lr = lr;
                    options.epochs = 1;  // one at a time, to look at the units after each
                    options.seed = 6 + epoch;
                    options.throw_on_divergence = false;
                    loss = descend(nets[k], d.X, d.Y, options).epoch_loss.back();
                }
                const LayerActivity<f64> a = layer_activity(nets[k], d.X).front();
                //! [dead-loop]
                std::size_t back = 0;
                for (std::size_t j = 0; j < a.units; ++j) {
                    back += was_silent[k][j] && !a.is_silent[j];
                }
                was_silent[k] = a.is_silent;
                out << (k == 0 ? "" : "   ") << std::setw(8) << std::setprecision(3) << loss
                    << std::setw(5) << a.silent << "/32" << std::setw(6) << back << std::setw(8)
                    << a.sparsity;
                curves[k] << epoch << " " << loss << " " << static_cast<f64>(a.silent) / 32 << " "
                          << a.sparsity << "\n";
            }
            out << "\n";
        }
        for (std::size_t k = 0; k < nets.size(); ++k) {
            csv << "# " << name(kinds[k]) << " lr " << lr << "\n# epoch loss silent_fraction sparsity\n"
                << curves[k].str() << "\n\n";
        }
    }
    out << "\n   At lr 1 the first steps push most ReLU units below zero for every image. They get\n"
        << "   no gradient and never come back, and the loss stays near ln 10 = 2.303, a uniform\n"
        << "   guess. Leaky ReLU's silent units still pass 0.01 times the gradient: some come\n"
        << "   back, and the network keeps learning. At lr 0.1 hardly a unit is lost. ReLU's\n"
        << "   sparsity comes for free; Leaky ReLU has none.\n\n";
}

void bad_input(const DemoContext& ctx) {
    auto& out = ctx.out;
    out << "5. Bad settings are refused with a message\n";
    show_error(out, [] { deep_mlp<f64>(784, 0, 32, 10, Activation::relu); });
    show_error(out, [] { init_variance<f64>(Init::normal, 784, 32, -0.1); });
    show_error(out, [] { init_limit<f64>(Init::he_normal, 784, 32, 1.0); });
    show_error(out, [] { per_layer_ratio<f64>({1.0, 2.0}, 1, 5); });
    show_error(out, [] {
        std::vector<f64> g = {3.0, 4.0};
        clip_by_norm(g, 0.0);
    });
}


/// One curve of section 6: an activation and the init scheme suited to it.
struct Contender {
    Activation act;
    Init scheme;
};

void activations(const DemoContext& ctx, const Dataset<f64>& d) {
    auto& out = ctx.out;
    out << "\n6. Sigmoid, tanh and ReLU on the same network, 784-32-32-32-10, on the 1000 images:\n"
        << "   mini-batches of 32 in the same order (seed 6), plain descent, the same rate for\n"
        << "   all. Each starts from the init suited to it (section 3), from the same draws\n"
        << "   (seed 1): Xavier's for sigmoid and tanh, He's for ReLU. The training loss (all\n"
        << "   1000 images) after each epoch:\n\n";
    //! [activations-loop]
    constexpr std::array<Contender, 3> contenders = {
        Contender{Activation::sigmoid, Init::xavier_normal},
        Contender{Activation::tanh, Init::xavier_normal},
        Contender{Activation::relu, Init::he_normal}};
    constexpr std::array<f64, 2> rates = {0.01, 0.1};
    constexpr std::size_t epochs = 10;
    std::array<std::array<DescentRun<f64>, 3>, 2> runs;  // runs[r][k]: rate r, contender k
    for (std::size_t r = 0; r < rates.size(); ++r) {
        for (std::size_t k = 0; k < contenders.size(); ++k) {
            MLP<f64> net = deep_mlp<f64>(784, 3, 32, 10, contenders[k].act);
            Rng rng(1);  // the same draws for all: He's weights are Xavier's, scaled per layer
            initialize(net, contenders[k].scheme, rng);
            DescentOptions<f64> options;  // mini-batches of 32
            options.lr = rates[r];
            options.epochs = epochs;
            options.seed = 6;  // the same batches, in the same order, for every network
            options.throw_on_divergence = false;
            runs[r][k] = descend(net, d.X, d.Y, options);
        }
    }
    //! [activations-loop]
    out << std::fixed << std::setprecision(3) << "        ";
    for (const f64 lr : rates) {
        out << std::setw(24) << "lr " + to_short_string(lr, 2)
            << (lr == rates.back() ? "" : "    ");
    }
    out << "\n   epoch";
    for (std::size_t r = 0; r < rates.size(); ++r) {
        out << (r == 0 ? "" : "    ");
        for (const Contender& c : contenders) {
            out << std::setw(8) << name(c.act);
        }
    }
    out << "\n";
    for (std::size_t e = 0; e <= epochs; ++e) {
        out << std::setw(8) << e;
        for (std::size_t r = 0; r < rates.size(); ++r) {
            out << (r == 0 ? "" : "    ");
            for (std::size_t k = 0; k < contenders.size(); ++k) {
                out << std::setw(8) << runs[r][k].epoch_loss[e];
            }
        }
        out << "\n";
    }
    out << "  mean |g|";  // the mean gradient norm per step, before the update
    for (std::size_t r = 0; r < rates.size(); ++r) {
        out << (r == 0 ? "" : "    ");
        for (std::size_t k = 0; k < contenders.size(); ++k) {
            f64 sum = 0;
            for (const f64 g : runs[r][k].grad_norm) {
                sum += g;
            }
            out << std::setw(k == 0 && r == 0 ? 6 : 8)
                << sum / static_cast<f64>(runs[r][k].grad_norm.size());
        }
    }
    out << "\n";
    out << "\n   Why the sigmoid does not move: how much each layer's output differs from\n"
        << "   image to image at init (the standard deviation over the 1000 images, RMS over\n"
        << "   the units; the pixels' is " << std::setprecision(3) << spread_over_rows(d.X) << "):\n\n"
        << "   layer ";
    for (const Contender& c : contenders) {
        out << std::setw(10) << name(c.act);
    }
    out << "\n";
    std::array<MlpForward<f64>, 3> at_init;
    for (std::size_t k = 0; k < contenders.size(); ++k) {
        MLP<f64> net = deep_mlp<f64>(784, 3, 32, 10, contenders[k].act);
        Rng rng(1);
        initialize(net, contenders[k].scheme, rng);
        at_init[k] = net.forward(d.X);
    }
    for (std::size_t l = 0; l < at_init[0].A.size(); ++l) {
        out << std::setw(8) << (l + 1 < at_init[0].A.size() ? std::to_string(l + 1) : "scores");
        for (const auto& f : at_init) {
            out << std::setw(10) << sci(spread_over_rows(l + 1 < f.A.size() ? f.A[l] : f.Z[l]));
        }
        out << "\n";
    }
    out << "\n   A sigmoid layer shrinks the differences between images by about 4x (its slope\n"
        << "   is at most 1/4: section 1's factor, going forward). After three layers the\n"
        << "   scores hardly depend on the image, and the loss stays near ln 10 = 2.303, a\n"
        << "   uniform guess. tanh and ReLU keep the differences and learn from the first\n"
        << "   epoch. ReLU's gradients are the largest ('mean |g|': the mean length of a step's\n"
        << "   gradient), so at the same rate its steps are the longest. At lr 0.01 that\n"
        << "   helps: ReLU pulls ahead of tanh from epoch 3 on. At lr 0.1 tanh leads for most\n"
        << "   epochs, both curves bounce, and they end level.\n";
    std::ofstream csv = open_output(ctx, "dyn_activations.csv");
    csv << std::setprecision(6);
    for (std::size_t r = 0; r < rates.size(); ++r) {
        csv << "# lr " << rates[r] << "\n# epoch";
        for (const Contender& c : contenders) {
            csv << " " << name(c.act) << "_" << name(c.scheme);
        }
        csv << "\n";
        for (std::size_t e = 0; e <= epochs; ++e) {
            csv << e;
            for (std::size_t k = 0; k < contenders.size(); ++k) {
                csv << " " << runs[r][k].epoch_loss[e];
            }
            csv << "\n";
        }
        csv << "\n\n";
    }
}

}  // namespace

/// Runs the chapter 8 demo: gradient norms by depth, exploding gradients and clipping,
/// initialization schemes, dead ReLUs and sparsity, bad settings, and sigmoid, tanh and ReLU
/// trained side by side. Writes the CSV files of the chapter's
/// figures.
/// \return 0 on success
int demo(const DemoContext& ctx) {
    const std::filesystem::path dir = fashion_mnist_dir(ctx.data_dir);
    ctx.out << "Chapter 8: training dynamics - vanishing and exploding gradients, initialization,\n"
            << "dead ReLUs\n\n"
            << "Data: the first 1000 training images of Fashion-MNIST (" << dir.string() << ").\n\n";
    const Dataset<f64> d = fashion_mnist_dataset<f64>(dir, "train", 1000);
    vanishing(ctx, d);
    exploding(ctx, d);
    initialization(ctx, d);
    dead_units(ctx, d);
    bad_input(ctx);
    activations(ctx, d);
    return 0;
}

}  // namespace nnref::ch08
