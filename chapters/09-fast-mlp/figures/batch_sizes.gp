# One epoch of 784-512-256-10 (Adam, 60000 images) against the batch size, powers of two and
# not, from the bench run recorded in batch_sizes.csv (bench/batch_bench.cpp). Left: the time
# per example of the epoch, median and range of the rounds; 'flushed': Adam's update flushes
# subnormal numbers to zero, as nnref train does; 'kept': nnref train --keep-subnormals.
# Right: one step's matrix products alone.
# Circles mark the powers of two.
set encoding utf8
set terminal svg size 960,420 enhanced font 'sans,11' background rgb 'white'
set output 'batch_sizes.svg'
set logscale x 2
set xrange [28:1200]
set xtics (32, 64, 96, 128, 192, 256, 384, 512, 1024)
set grid lc rgb '#dddddd'
set xlabel 'batch size'
set key font 'sans,9'
set multiplot layout 1,2
set title 'one epoch: time per example'
set logscale y
set yrange [10:200]
set ylabel 'µs per example'
set key top right
plot 'batch_sizes.csv' using 1:6:7:8 with yerrorlines lw 1.5 pt 7 ps 0.4 lc rgb '#4477aa' \
         title '1 thread, subnormals flushed', \
     '' using 1:12:13:14 with yerrorlines lw 1.5 pt 7 ps 0.4 lc rgb '#ee6677' \
         title '2 threads, subnormals flushed', \
     '' using 1:18 with lines lw 1.2 dt 2 lc rgb '#4477aa' title '1 thread, subnormals kept', \
     '' using 1:24 with lines lw 1.2 dt 2 lc rgb '#ee6677' title '2 threads, subnormals kept', \
     '' using 1:($2 == 1 ? $6 : 1/0) with points pt 6 ps 1.4 lc rgb '#222222' title 'power of two', \
     '' using 1:($2 == 1 ? $12 : 1/0) with points pt 6 ps 1.4 lc rgb '#222222' notitle
set title "one step's matrix products alone"
unset logscale y
set yrange [0:300]
set ylabel 'GFLOP/s'
set key bottom right
plot 'batch_sizes.csv' using 1:29 with linespoints lw 1.5 pt 7 ps 0.4 lc rgb '#4477aa' title '1 thread', \
     '' using 1:30 with linespoints lw 1.5 pt 7 ps 0.4 lc rgb '#ee6677' title '2 threads', \
     '' using 1:($2 == 1 ? $29 : 1/0) with points pt 6 ps 1.4 lc rgb '#222222' title 'power of two', \
     '' using 1:($2 == 1 ? $30 : 1/0) with points pt 6 ps 1.4 lc rgb '#222222' notitle
unset multiplot
