# Builds the book's HTML (cmake -P, called by docs/CMakeLists.txt):
#   1. empty HTML_DIR (Doxygen never deletes pages that no longer exist),
#   2. run Doxygen, whose Doxyfile says WARN_AS_ERROR = FAIL_ON_WARNINGS and sends every
#      warning to WARN_LOG; print that log when there is anything in it,
#   3. copy the part of MathJax 2 the pages use into HTML_DIR/mathjax, so formulas render
#      offline (SVG output: the HTML-CSS output hangs without the fonts-mathjax package),
#   4. touch STAMP.
foreach(var DOXYGEN DOXYFILE HTML_DIR WARN_LOG MATHJAX_DIR STAMP)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run-doxygen.cmake: -D${var}=... is required")
    endif()
endforeach()

file(REMOVE "${STAMP}" "${WARN_LOG}")
file(REMOVE_RECURSE "${HTML_DIR}")

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
