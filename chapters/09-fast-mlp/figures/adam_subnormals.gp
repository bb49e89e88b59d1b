# Adam's update, milliseconds per step, over 2400 steps of batch 128 on one thread, with
# subnormal numbers kept (nnref train --keep-subnormals) and flushed to zero (the default), on
# two machines: this chapter's AMD EPYC (adam_subnormals.csv) and an Intel Xeon virtual machine
# (adam_subnormals_xeon.csv). Both from nnref_bench_batch --adam-run (bench/batch_bench.cpp);
# columns: last step of the block, kept, flushed, parameters idle for 100 steps.
set encoding utf8
set terminal svg size 760,420 enhanced font 'sans,12' background rgb 'white'
set output 'adam_subnormals.svg'
set grid lc rgb '#dddddd'
set xlabel 'training step (469 of them an epoch)'
set ylabel 'ms per step'
set xrange [0:2400]
set logscale y
set yrange [0.4:12]
set ytics (0.5, 1, 2, 5, 10)
set title "Adam's update, batch 128, 1 thread"
set key top left font 'sans,10'
plot 'adam_subnormals.csv' using 1:2 with linespoints lw 1.5 pt 7 ps 0.5 lc rgb '#ee6677' \
         title 'AMD EPYC, subnormals kept', \
     '' using 1:3 with linespoints lw 1.5 pt 7 ps 0.5 lc rgb '#4477aa' title 'AMD EPYC, flushed to zero', \
     'adam_subnormals_xeon.csv' using 1:2 with linespoints lw 1.5 pt 6 ps 0.5 dt 2 lc rgb '#ee6677' \
         title 'Intel Xeon, subnormals kept', \
     '' using 1:3 with linespoints lw 1.5 pt 6 ps 0.5 dt 2 lc rgb '#4477aa' title 'Intel Xeon, flushed to zero'
