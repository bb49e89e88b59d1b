# Where an epoch of the fast MLP goes, phase by phase, on 1 and 2 threads: the median runs of
# the bench (mlp_phases.csv, from bench/mlp_bench.py).
set terminal svg size 720,400 enhanced font 'sans,12' background rgb 'white'
set output 'mlp_phases.svg'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel 'seconds in one epoch'
set title 'The phases of a training step, summed over an epoch'
set key top right
set grid ytics
set xtics scale 0
set yrange [0:*]
plot 'mlp_phases.csv' using 2:xtic(1) title '1 thread' lc rgb '#4477aa', \
     '' using 3 title '2 threads' lc rgb '#ee6677'
