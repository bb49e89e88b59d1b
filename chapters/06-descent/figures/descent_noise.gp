# The noise of a mini-batch gradient against the batch size, at the initial weights
# (data: descent_noise.csv, written by `nnref demo 6`), with the 1/B law of a sample mean.
set terminal svg size 560,400 enhanced font 'sans,12' background rgb 'white'
set output 'descent_noise.svg'
set datafile separator ' '
set grid lc rgb '#dddddd'
set logscale xy
set xlabel 'batch size B'
set ylabel 'E|g_B - g|^2 / |g|^2'
set key top right
first = system("awk 'NR == 2 { print $2 }' descent_noise.csv") + 0
N = 1000.0
plot 'descent_noise.csv' skip 1 using 1:2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '#1f4e79' title 'measured (40 batches each)', \
     [1:256] first / x * (N - x) / (N - 1) with lines dt 2 lw 2 lc rgb '#c0392b' title '1/B (N - B)/(N - 1), scaled'
