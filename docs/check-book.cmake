# The docs.book test (cmake -P): checks what the book build made, rebuilds nothing.
#   -DBOOK_DIR=<build>/book -DWARN_LOG=<log> -DCHAPTERS=01-neuron,02-activations,...
#   -DSOURCE_DIR=<nnref source>
# Every problem is listed before the test fails.
foreach(var BOOK_DIR WARN_LOG CHAPTERS SOURCE_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check-book.cmake: -D${var}=... is required")
    endif()
endforeach()
string(REPLACE "," ";" CHAPTERS "${CHAPTERS}")
include("${CMAKE_CURRENT_LIST_DIR}/doxygen-names.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/read-lines.cmake")
set(html "${BOOK_DIR}/html")
# Each problem is appended to `report` as "\n- what is wrong".
set(report "")

# The text Doxygen writes for a line of a verbatim block: & < > " ' escaped.
function(html_escape in out)
    string(REPLACE "&" "&amp;" s "${in}")
    string(REPLACE "<" "&lt;" s "${s}")
    string(REPLACE ">" "&gt;" s "${s}")
    set(${out} "${s}" PARENT_SCOPE)
endfunction()

if(NOT EXISTS "${WARN_LOG}")
    string(APPEND report "\n- Doxygen's warning log ${WARN_LOG} does not exist (was the book built?)")
else()
    file(READ "${WARN_LOG}" warnings)
    if(warnings MATCHES "[^ \t\r\n]")
        string(APPEND report "\n- Doxygen's warning log is not empty:\n${warnings}")
    endif()
endif()
foreach(file index.html notation.html mathjax/MathJax.js
             mathjax/jax/output/SVG/jax.js mathjax/extensions/TeX/AMSmath.js)
    if(NOT EXISTS "${html}/${file}")
        string(APPEND report "\n- missing ${html}/${file}")
    endif()
endforeach()

foreach(chapter IN LISTS CHAPTERS)
    string(REGEX MATCH "^([0-9]+)-(.*)$" _ "${chapter}")
    string(REPLACE "-" "_" slug "${CMAKE_MATCH_2}")
    set(id "ch${CMAKE_MATCH_1}_${slug}")
    set(page "${html}/${id}.html")
    set(demo "${BOOK_DIR}/demo/${chapter}/demo.txt")

    if(NOT EXISTS "${page}")
        string(APPEND report "\n- ${chapter}: no page ${id}.html; chapters/${chapter}/README.md "
               "must start with\n    # Title {#${id}}")
        continue()
    endif()
    file(READ "${page}" content)

    if(NOT EXISTS "${demo}")
        string(APPEND report "\n- ${chapter}: the demo output ${demo} does not exist")
    else()
        file(READ "${demo}" text)
        string(REGEX MATCH "[^\r\n]*[^ \t\r\n][^\r\n]*" first "${text}")  # first non-blank line
        string(STRIP "${first}" first)
        if(first STREQUAL "")
            string(APPEND report "\n- ${chapter}: ${demo} is empty")
        else()
            html_escape("${first}" escaped)
            string(FIND "${content}" "${escaped}" at)
            if(at EQUAL -1)
                string(APPEND report "\n- ${chapter}: ${id}.html does not show the demo output: "
                       "the line\n    ${first}\n  is not in the page. "
                       "Add  \\verbinclude ${chapter}/demo.txt")
            endif()
        endif()
    endif()

    if(NOT content MATCHES "<svg|\\.svg")
        string(APPEND report "\n- ${chapter}: ${id}.html has no figure (no <svg or .svg in the page)")
    endif()
    if(NOT content MATCHES "mathjax/MathJax\\.js")
        string(APPEND report "\n- ${chapter}: ${id}.html does not load mathjax/MathJax.js")
    endif()
endforeach()

# ---- The chapter's shape, in its source page ---------------------------------------------
# Numbered content sections, then exactly Summary, The demo, Exercises, Where to look; the
# summary a list of five to eight claims; "Where to look" ends with the generated list of files.
foreach(chapter IN LISTS CHAPTERS)
    string(REGEX MATCH "^([0-9]+)-(.*)$" _ "${chapter}")
    set(nn "${CMAKE_MATCH_1}")
    string(REPLACE "-" "_" slug "${CMAKE_MATCH_2}")
    set(id "ch${nn}_${slug}")
    set(readme "${SOURCE_DIR}/chapters/${chapter}/README.md")
    nnref_read_lines("${readme}" lines)  # one list entry per line (read-lines.cmake)
    set(headings "")
    set(in_code OFF)
    set(section "")
    set(summary_lines 0)
    foreach(line IN LISTS lines)
        if(line MATCHES "^```")
            if(in_code)
                set(in_code OFF)
            else()
                set(in_code ON)
            endif()
            continue()
        endif()
        if(in_code)
            continue()
        endif()
        if(line MATCHES "^## ([^{]*[^ {])( *\\{#[a-z0-9_]+\\})?$")
            set(section "${CMAKE_MATCH_1}")
            list(APPEND headings "${section}")
        elseif(section STREQUAL "Summary" AND line MATCHES "^([-*]|[0-9]+\\.) ")
            math(EXPR summary_lines "${summary_lines} + 1")   # one claim per list item
        endif()
    endforeach()
    list(LENGTH headings count)
    set(closing "Summary;The demo;Exercises;Where to look")
    if(count LESS 5)
        string(APPEND report "\n- chapters/${chapter}/README.md has ${count} sections; a chapter "
               "has numbered sections, then Summary, The demo, Exercises, Where to look")
        continue()
    endif()
    math(EXPR first_closing "${count} - 4")
    list(SUBLIST headings ${first_closing} 4 last_four)
    if(NOT last_four STREQUAL closing)
        string(REPLACE ";" " / " got "${last_four}")
        string(APPEND report "\n- chapters/${chapter}/README.md ends with the sections ${got}; "
               "it must end with Summary / The demo / Exercises / Where to look")
    endif()
    math(EXPR last_content "${first_closing} - 1")
    set(expected 1)
    foreach(i RANGE 0 ${last_content})
        list(GET headings ${i} heading)
        if(NOT heading MATCHES "^${expected}\\. ")
            string(APPEND report "\n- chapters/${chapter}/README.md: the section '${heading}' should "
                   "be numbered '${expected}. ...' (content sections are numbered 1, 2, ... in order)")
        endif()
        math(EXPR expected "${expected} + 1")
    endforeach()
    if(summary_lines LESS 5 OR summary_lines GREATER 8)
        string(APPEND report "\n- chapters/${chapter}/README.md: the Summary lists ${summary_lines} "
               "claims; it lists the chapter's claims, five to eight, one per item")
    endif()
    file(READ "${readme}" text)
    if(NOT text MATCHES "\\\\chapterfiles\\{${id}\\}")
        string(APPEND report "\n- chapters/${chapter}/README.md: 'Where to look' does not end with "
               "\\chapterfiles{${id}}")
    endif()

    # Every header of the chapter and every test file of it links back to the chapter's page.
    file(GLOB backlinked RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/chapters/${chapter}/*.hpp"
         "${SOURCE_DIR}/tests/test_ch${nn}_*.cpp")
    foreach(f IN LISTS backlinked)
        file(READ "${SOURCE_DIR}/${f}" source)
        if(NOT source MATCHES "\\\\ref ch${nn}_")
            string(APPEND report "\n- ${f} does not link to its chapter: its \\file comment needs "
                   "a \\ref ${id} (or to one of the chapter's sections)")
        endif()
    endforeach()

    # The page links to the exercises, the solutions, the demo and the tests, as source views.
    set(page "${html}/${id}.html")
    if(EXISTS "${page}")
        file(READ "${page}" content)
        file(GLOB tests RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/tests/test_ch${nn}_*.cpp")
        set(files "")
        foreach(f exercises.hpp exercises.cpp solutions.cpp demo.cpp)
            list(APPEND files "chapters/${chapter}/${f}")
        endforeach()
        foreach(f IN LISTS files tests)
            nnref_file_page("${SOURCE_DIR}" "${f}" target)
            string(FIND "${content}" "href=\"${target}_source.html\"" at)
            if(at EQUAL -1)
                string(APPEND report "\n- ${id}.html does not link to the source of ${f} (${target}_source.html)")
            endif()
        endforeach()
    endif()
endforeach()

# ---- The concept index covers what a course on this material teaches ---------------------
# Each entry is a regular expression that some concept's title (lower case) must match.
set(required_concepts
    "sigmoid" "^tanh" "^relu" "leaky relu" "^softmax" "jacobian" "vjp" "^elu" "softplus"
    "gelu" "silu" "mse|mean squared" "cross-entropy" "softmax.*cross-entropy" "huber"
    "chain rule" "computational graph" "forward pass" "backward pass" "backprop" "delta rule"
    "^batch" "stochastic" "mini-batch" "learning rate" "^momentum" "nesterov" "adagrad"
    "rmsprop" "^adam$|^adam[^w]" "adamw" "bias correction" "vanishing" "exploding" "clipping"
    "xavier" "^he " "dying relu|dead relu" "sparsity" "central difference" "richardson"
    "complex step" "kink" "precision leak" "gemm" "packing" "micro-kernel" "roofline")
set(concept_titles "")
if(EXISTS "${BOOK_DIR}/concepts.dox")
    file(STRINGS "${BOOK_DIR}/concepts.dox" page_lines REGEX "^\\\\page concept_" ENCODING UTF-8)
    foreach(line IN LISTS page_lines)
        string(REGEX REPLACE "^\\\\page concept_[a-z0-9_]+ " "" title "${line}")
        string(TOLOWER "${title}" title)
        list(APPEND concept_titles "${title}")
    endforeach()
else()
    string(APPEND report "\n- ${BOOK_DIR}/concepts.dox, the concept index, does not exist")
endif()
if(NOT EXISTS "${html}/concept_index.html")
    string(APPEND report "\n- the concept index page html/concept_index.html does not exist")
endif()
foreach(concept IN LISTS required_concepts)
    set(found OFF)
    foreach(title IN LISTS concept_titles)
        if(title MATCHES "${concept}")
            set(found ON)
            break()
        endif()
    endforeach()
    if(NOT found)
        string(APPEND report "\n- no concept in the index has a title that matches '${concept}' "
               "(add a row to the concepts.txt of the chapter that teaches it)")
    endif()
endforeach()
list(LENGTH concept_titles concept_count)

# The search box finds concepts by name: Doxygen's search index has a page for each word a
# student types first. (It matches the start of a page's title.)
file(GLOB search_pages "${html}/search/pages_*.js")
set(search_index "")
foreach(f IN LISTS search_pages)
    file(READ "${f}" part)
    string(APPEND search_index "${part}")
endforeach()
foreach(term vanishing jacobian dead backprop sigmoid adam roofline)
    if(NOT search_index MATCHES "\\['${term}")
        string(APPEND report "\n- the search finds no page whose title starts with '${term}'")
    endif()
endforeach()

list(LENGTH CHAPTERS n)
if(report)
    message(FATAL_ERROR "docs.book: the book in ${BOOK_DIR} is not complete:${report}\n")
endif()
message(STATUS "docs.book: ${n} chapter page(s) with demo output, figures, MathJax, the "
               "chapter shape and links to their sources; ${concept_count} concepts in the "
               "index; no Doxygen warnings")
