# Writes the book's concept index (cmake -P, called by docs/CMakeLists.txt):
#   -DSOURCE_DIR=<nnref source> -DCHAPTERS=01-neuron,02-activations,... -DOUT=<book>/concepts.dox
#
# Each chapter lists the concepts it teaches in chapters/NN-name/concepts.txt, one per line:
#
#   title | section | implementation | test | exercise | gist
#   Sigmoid | ch02_s_curves | nnref::ch02::sigmoid | test_ch02_activations.cpp sigmoid_derivatives | - | The S-curve ...
#
#   title           what the student searches for: the page's title starts with that word
#                   ("Vanishing gradients", not "Gradients, vanishing"); the book's search
#                   finds page titles by their first letters;
#   section         the id of the chapter section that explains it ({#id} on the heading);
#   implementation  the symbols that implement it, for \ref, separated by spaces;
#   test            a test file in tests/ and the name of one of its test cases;
#   exercise        the symbol of the exercise that practises it, or - for none;
#   gist            one sentence, Doxygen markup allowed (\f$ ... \f$).
#
# It writes one page, `concept_index` (a table, sorted by title; the name `concepts` is taken by
# Doxygen's list of C++20 concepts), and one small page per
# concept (concept_<slug>), which the book's search finds by title. Every link is checked:
# a \ref to a section or symbol that does not exist is a Doxygen warning (the book fails), a
# test case that does not exist fails here, and the test links point at the case's line in
# the test file's source view, computed on every build, so they cannot drift.
foreach(var SOURCE_DIR CHAPTERS OUT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "concepts.cmake: -D${var}=... is required")
    endif()
endforeach()
string(REPLACE "," ";" CHAPTERS "${CHAPTERS}")

include("${CMAKE_CURRENT_LIST_DIR}/doxygen-names.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/read-lines.cmake")

# The title of every numbered section with an id, for the links' text: "7.5 AdaGrad: a
# learning rate for each parameter". (Without a text, \ref shows the heading itself, and
# a heading that starts "5." turns into a numbered list in the middle of a table.)
foreach(chapter IN LISTS CHAPTERS)
    string(REGEX MATCH "^([0-9]+)-" _ "${chapter}")
    math(EXPR number "${CMAKE_MATCH_1}")
    file(READ "${SOURCE_DIR}/chapters/${chapter}/README.md" page)
    string(REGEX MATCHALL "\n## [^\n]*\\{#[a-z0-9_]+\\}" headings "${page}")
    foreach(heading IN LISTS headings)
        if(heading MATCHES "^\n## (([0-9]+)\\. )?([^\n]*[^ \n]) *\\{#([a-z0-9_]+)\\}$")
            string(REPLACE "\"" "'" text "${CMAKE_MATCH_3}")
            if(CMAKE_MATCH_2)
                set(section_${CMAKE_MATCH_4}_text "${number}.${CMAKE_MATCH_2} ${text}")
            else()
                set(section_${CMAKE_MATCH_4}_text "Chapter ${number}: ${text}")
            endif()
        endif()
    endforeach()
endforeach()

set(errors "")
set(titles "")
foreach(chapter IN LISTS CHAPTERS)
    set(list_file "${SOURCE_DIR}/chapters/${chapter}/concepts.txt")
    if(NOT EXISTS "${list_file}")
        string(APPEND errors "\n- chapters/${chapter}/concepts.txt does not exist")
        continue()
    endif()
    # One list entry per line; a gist's brackets and semicolons travel as placeholders until
    # the end (read-lines.cmake).
    nnref_read_lines("${list_file}" lines)
    set(line_number 0)
    foreach(line IN LISTS lines)
        math(EXPR line_number "${line_number} + 1")
        if(line MATCHES "^[ \t]*(#|$)")
            continue()
        endif()
        set(where "chapters/${chapter}/concepts.txt:${line_number}")
        string(REGEX MATCHALL "[^|]+" fields "${line}")
        list(LENGTH fields n)
        if(NOT n EQUAL 6)
            string(APPEND errors "\n- ${where}: ${n} fields, expected 6 "
                   "(title | section | implementation | test | exercise | gist)")
            continue()
        endif()
        set(values "")
        foreach(f IN LISTS fields)
            string(STRIP "${f}" f)
            list(APPEND values "${f}")
        endforeach()
        list(GET values 0 title)
        list(GET values 1 section)
        list(GET values 2 implementation)
        list(GET values 3 test)
        list(GET values 4 exercise)
        list(GET values 5 gist)

        string(TOLOWER "${title}" slug)
        string(REGEX REPLACE "[^a-z0-9]+" "_" slug "${slug}")
        string(REGEX REPLACE "^_|_$" "" slug "${slug}")
        if(DEFINED concept_${slug}_title)
            string(APPEND errors "\n- ${where}: '${title}' is listed twice")
            continue()
        endif()

        # The test: "file case" -> a link to the case's line in the file's source view.
        if(NOT test MATCHES "^([a-z0-9_]+\\.cpp)[ \t]+([A-Za-z0-9_]+)$")
            string(APPEND errors "\n- ${where}: the test '${test}' is not 'test_file.cpp case_name'")
            continue()
        endif()
        set(test_file "${CMAKE_MATCH_1}")
        set(test_case "${CMAKE_MATCH_2}")
        if(NOT EXISTS "${SOURCE_DIR}/tests/${test_file}")
            string(APPEND errors "\n- ${where}: tests/${test_file} does not exist")
            continue()
        endif()
        # The line of the case: read as one string, since file(STRINGS) would split the file
        # into a CMake list, which an unbalanced '[' in any line breaks.
        file(READ "${SOURCE_DIR}/tests/${test_file}" test_source)
        set(case_line 0)
        string(REGEX MATCH "BOOST_[A-Z_]*TEST_CASE[A-Z_]*\\([ \t]*${test_case}[ \t]*[,)]"
               case_text "${test_source}")
        if(case_text)
            string(FIND "${test_source}" "${case_text}" at)
            string(SUBSTRING "${test_source}" 0 ${at} before)
            string(REGEX REPLACE "[^\n]" "" newlines "${before}")
            string(LENGTH "${newlines}" case_line)
            math(EXPR case_line "${case_line} + 1")
        endif()
        if(case_line EQUAL 0)
            string(APPEND errors "\n- ${where}: tests/${test_file} has no test case ${test_case}")
            continue()
        endif()
        nnref_file_page("${SOURCE_DIR}" "tests/${test_file}" page)
        set(source_page "${page}_source.html")
        string(LENGTH "${case_line}" digits)
        math(EXPR pad "5 - ${digits}")
        string(REPEAT "0" ${pad} zeros)
        set(test_link "<a href=\"${source_page}#l${zeros}${case_line}\">${test_case}</a> (${test_file})")

        set(implementation_refs "")
        string(REPLACE " " ";" symbols "${implementation}")
        foreach(symbol IN LISTS symbols)
            if(NOT symbol STREQUAL "")
                string(REGEX REPLACE ".*::" "" short "${symbol}")
                list(APPEND implementation_refs "\\ref ${symbol} \"${short}\"")
            endif()
        endforeach()
        list(JOIN implementation_refs ", " implementation_refs)
        if(exercise STREQUAL "-")
            set(exercise_ref "—")
        else()
            string(REGEX REPLACE ".*::" "" short "${exercise}")
            set(exercise_ref "\\ref ${exercise} \"${short}\"")
        endif()

        if(DEFINED section_${section}_text)
            set(section_ref "\\ref ${section} \"${section_${section}_text}\"")
        else()
            set(section_ref "\\ref ${section}")   # a page: \ref shows its title
        endif()

        list(APPEND titles "${slug}")
        set(concept_${slug}_title "${title}")
        string(CONCAT concept_${slug}_row
            "<tr><td>\\subpage concept_${slug} \"${title}\"</td><td>${section_ref}</td>"
            "<td>${implementation_refs}</td><td>${test_link}</td><td>${exercise_ref}</td></tr>")
        string(CONCAT concept_${slug}_page
            "/**\n\\page concept_${slug} ${title}\n\n${gist}\n\n"
            "- **Taught in:** ${section_ref}\n"
            "- **Implemented by:** ${implementation_refs}\n"
            "- **Checked by:** the test case ${test_link}\n"
            "- **Practised in:** ${exercise_ref}\n\n"
            "Back to the \\ref concept_index \"concept index\".\n*/\n")
    endforeach()
endforeach()

if(errors)
    message(FATAL_ERROR "The concept index cannot be made:${errors}\n")
endif()

list(SORT titles)
list(LENGTH titles count)
string(CONCAT index "/**\n\\page concept_index Concept index\n\n"
    "The book teaches ${count} concepts; here they are in alphabetical order, each with the "
    "section that explains it, the code that implements it, the test that checks it and the "
    "exercise that practises it. The search box finds each concept by its name.\n\n"
    "<table class=\"markdownTable nnref-concepts\">\n"
    "<tr><th>Concept</th><th>Taught in</th><th>Implemented by</th><th>Checked by</th>"
    "<th>Practised in</th></tr>\n")
set(pages "")
foreach(slug IN LISTS titles)
    string(APPEND index "${concept_${slug}_row}\n")
    string(APPEND pages "${concept_${slug}_page}")
endforeach()
string(APPEND index "</table>\n*/\n")

# Write through a temporary file, so Doxygen never reads half a page.
set(text "${index}${pages}")
nnref_restore_brackets(text)
file(WRITE "${OUT}.tmp" "${text}")
file(RENAME "${OUT}.tmp" "${OUT}")
