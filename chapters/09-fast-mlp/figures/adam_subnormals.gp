# Adam's update, milliseconds per step, over 2400 steps of batch 128 on one thread, with
# subnormal numbers kept (as nnref train runs) and flushed to zero, from the bench run
# recorded in adam_subnormals.csv (nnref_bench_batch --adam-run, bench/batch_bench.cpp;
# columns: last step of the block, kept, flushed, parameters idle for 100 steps).
set encoding utf8
set terminal svg size 720,400 enhanced font 'sans,12' background rgb 'white'
set output 'adam_subnormals.svg'
set grid lc rgb '#dddddd'
set xlabel 'training step (468 of them an epoch)'
set ylabel 'ms per step'
set xrange [0:2400]
set yrange [0:9]
set title "Adam's update, batch 128, 1 thread"
set key top left
plot 'adam_subnormals.csv' using 1:2 with linespoints lw 1.5 pt 7 ps 0.5 lc rgb '#ee6677' \
         title 'subnormals kept (nnref train)', \
     '' using 1:3 with linespoints lw 1.5 pt 7 ps 0.5 lc rgb '#4477aa' title 'subnormals flushed to zero'
