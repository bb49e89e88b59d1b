/// \file
/// \brief The table of chapters the `nnref` command knows: number, title, demo, exercises.
#pragma once

#include "nnref/chapter/demo.hpp"
#include "nnref/chapter/exercise.hpp"

#include <string>
#include <vector>

namespace nnref::cli {

/// One chapter as the command line sees it.
struct Chapter {
    int number = 0;                                  ///< 1, 2, ...
    std::string folder;                              ///< "01-neuron"
    std::string title;                               ///< "The neuron"
    int (*demo)(const DemoContext&) = nullptr;       ///< runs the demo
    std::vector<exercise::Exercise> (*exercises)() = nullptr;  ///< lists the exercises
};

/// Every chapter built so far, in order. The table is generated from the chapter list in
/// chapters/CMakeLists.txt (into the build folder's src/cli/chapter_table.cpp).
const std::vector<Chapter>& chapters();

/// The chapter with this number; throws input_error listing the chapters that exist.
const Chapter& chapter(int number);

}  // namespace nnref::cli
