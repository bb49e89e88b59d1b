# The test cli.train_eval (cmake -P): a new user's first run, as the README gives it, on a
# small part of Fashion-MNIST: nnref train writes a model and a log, and nnref eval reads it.
#   -DNNREF=<the nnref command> -DWORK_DIR=<a folder, emptied first>
cmake_minimum_required(VERSION 3.25)  # the policies of nnref's own build
foreach(var NNREF WORK_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "train-eval.cmake: -D${var}=... is required")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${NNREF}" train --limit 1000 --epochs 2 --threads 2 --out "${WORK_DIR}/model.nnref"
                        --log "${WORK_DIR}/train.csv"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("${out}${err}")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nnref train exited with ${rc}")
endif()
file(STRINGS "${WORK_DIR}/train.csv" rows)
list(LENGTH rows n)
list(GET rows 0 header)
if(NOT n EQUAL 3 OR NOT header MATCHES "^epoch,train_loss,test_accuracy,seconds,")
    message(FATAL_ERROR "the log should be a header and 2 rows, one per epoch:\n${rows}")
endif()
execute_process(COMMAND "${NNREF}" eval --model "${WORK_DIR}/model.nnref"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("${out}${err}")
if(NOT rc EQUAL 0 OR NOT out MATCHES "test accuracy: [0-9.]+%" OR NOT out MATCHES "Ankle boot")
    message(FATAL_ERROR "nnref eval exited with ${rc}, or did not print the accuracy and the classes")
endif()
