# Builds the book's HTML (cmake -P, called by docs/CMakeLists.txt):
#   1. empty HTML_DIR (Doxygen never deletes pages that no longer exist),
#   2. write the page header and the layout that the Doxyfile names, from the ones this
#      Doxygen writes itself (so they always match its version), with the book's changes:
#      the header loads doxygen-awesome-css's dark-mode toggle; the layout adds a
#      "Concept index" tab and calls Doxygen's "Concepts" tab (C++20 concepts) what it is,
#   3. run Doxygen, whose Doxyfile says WARN_AS_ERROR = FAIL_ON_WARNINGS and sends every
#      warning to WARN_LOG; print that log when there is anything in it,
#   4. copy the part of MathJax 2 the pages use into HTML_DIR/mathjax, so formulas render
#      offline (SVG output: the HTML-CSS output hangs without the fonts-mathjax package),
#   5. touch STAMP.
foreach(var DOXYGEN DOXYFILE HTML_DIR WARN_LOG MATHJAX_DIR STAMP HEADER LAYOUT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run-doxygen.cmake: -D${var}=... is required")
    endif()
endforeach()

file(REMOVE "${STAMP}" "${WARN_LOG}")
file(REMOVE_RECURSE "${HTML_DIR}")

# Replaces `from` by `to` in the file, and fails if `from` is not there: a newer Doxygen
# whose defaults changed is reported instead of silently producing a book without the change.
function(patch file from to)
    file(READ "${file}" text)
    string(FIND "${text}" "${from}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "run-doxygen.cmake: ${file} from Doxygen has no\n  ${from}")
    endif()
    string(REPLACE "${from}" "${to}" text "${text}")
    file(WRITE "${file}" "${text}")
endfunction()

get_filename_component(work "${HEADER}" DIRECTORY)
execute_process(COMMAND "${DOXYGEN}" -w html "${HEADER}" "${work}/footer-unused.html"
                        "${work}/stylesheet-unused.css"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run-doxygen.cmake: doxygen -w html failed (exit ${rc})")
endif()
patch("${HEADER}" "</head>"
      "<script type=\"text/javascript\" src=\"$relpath^doxygen-awesome-darkmode-toggle.js\"></script>\n<script type=\"text/javascript\">DoxygenAwesomeDarkModeToggle.init()</script>\n</head>")
execute_process(COMMAND "${DOXYGEN}" -l "${LAYOUT}" RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run-doxygen.cmake: doxygen -l failed (exit ${rc})")
endif()
patch("${LAYOUT}" "<tab type=\"pages\" visible=\"yes\" title=\"\" intro=\"\"/>"
      "<tab type=\"pages\" visible=\"yes\" title=\"\" intro=\"\"/>\n    <tab type=\"user\" url=\"@ref concept_index\" title=\"Concept index\"/>")
patch("${LAYOUT}" "<tab type=\"concepts\" visible=\"yes\" title=\"\">"
      "<tab type=\"concepts\" visible=\"yes\" title=\"C++ concepts\">")

execute_process(COMMAND "${DOXYGEN}" "${DOXYFILE}"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(warnings "")
if(EXISTS "${WARN_LOG}")
    file(READ "${WARN_LOG}" warnings)
endif()
if(NOT rc EQUAL 0 OR warnings MATCHES "[^ \t\r\n]")
    message(FATAL_ERROR "Doxygen failed (exit ${rc}); the book must build without warnings.\n"
                        "${warnings}${err}\n(log: ${WARN_LOG})")
endif()
if(err MATCHES "[^ \t\r\n]")
    message(STATUS "Doxygen said:\n${err}")
endif()

# The side tree loads one script per folder or file, named after its page, and reads the
# variable of the same name. Pages of the chapters' files are named after their folders
# (01-neuron_2exercises_8hpp.js declares "var 01_neuron_2exercises_8hpp"), which is not a
# JavaScript name, so those scripts failed and the tree showed nothing on those pages.
# Such variables get a prefix, and navtree.js adds it when it reads them.
file(GLOB tree_scripts "${HTML_DIR}/[0-9]*.js")
foreach(script IN LISTS tree_scripts)
    file(READ "${script}" text)
    string(REGEX REPLACE "^var ([0-9])" "var nnref_\\1" text "${text}")
    file(WRITE "${script}" "${text}")
endforeach()
patch("${HTML_DIR}/navtree.js" "return eval(n.replace(/\\-/g,'_'));"
      "n = n.replace(/\\-/g,'_'); return eval(/^[0-9]/.test(n) ? 'nnref_' + n : n);")

# The MathJax 2 subset: the loader, its extensions (tex2jax, AMS, menu, zoom, ...), the
# TeX input, the element jax, and the SVG output with only the TeX font. COPY_FILE reads
# through symbolic links, so the copy is self-contained whatever the package links to.
set(mathjax_parts
    MathJax.js
    extensions
    jax/input/TeX
    jax/element
    jax/output/SVG/config.js
    jax/output/SVG/jax.js
    jax/output/SVG/autoload
    jax/output/SVG/fonts/TeX)
foreach(part IN LISTS mathjax_parts)
    set(from "${MATHJAX_DIR}/${part}")
    if(IS_DIRECTORY "${from}")
        file(GLOB_RECURSE files LIST_DIRECTORIES false FOLLOW_SYMLINKS
             RELATIVE "${MATHJAX_DIR}" "${from}/*")
    elseif(EXISTS "${from}")
        set(files "${part}")
    else()
        message(FATAL_ERROR "MathJax file missing: ${from} (is libjs-mathjax installed?)")
    endif()
    foreach(f IN LISTS files)
        get_filename_component(dir "${HTML_DIR}/mathjax/${f}" DIRECTORY)
        file(MAKE_DIRECTORY "${dir}")
        file(COPY_FILE "${MATHJAX_DIR}/${f}" "${HTML_DIR}/mathjax/${f}")
    endforeach()
endforeach()

file(TOUCH "${STAMP}")
