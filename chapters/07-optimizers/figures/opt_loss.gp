# The loss against the step for every optimizer, on both problems, until f < 1e-6 (data:
# opt_quadratic_paths.csv and opt_rosenbrock_paths.csv, written by `nnref demo 7`; column 4
# is f after the step in column 1). Both axes are logarithmic.
set terminal svg size 960,420 enhanced font 'sans,11' background rgb 'white'
set output 'opt_loss.svg'
names = "SGD Momentum Nesterov AdaGrad RMSprop Adam AdamW"
colors = "#555555 #1f4e79 #2e86c1 #27ae60 #e67e22 #c0392b #8e44ad"
set logscale xy
set format x '10^{%L}'
set format y '10^{%L}'
set xrange [1:100000]
set yrange [1e-7:1e4]
set grid lc rgb '#dddddd'
set xlabel 'step'
set ylabel 'f'
set key bottom left font 'sans,9' spacing 0.9
set multiplot layout 1,2
set title 'quadratic, condition number 100'
plot for [i=1:7] 'opt_quadratic_paths.csv' index (i-1) using ($1 > 0 ? $1 : NaN):4 \
     with lines lw 1.5 lc rgb word(colors, i) title word(names, i)
set title 'Rosenbrock'
plot for [i=1:7] 'opt_rosenbrock_paths.csv' index (i-1) using ($1 > 0 ? $1 : NaN):4 \
     with lines lw 1.5 lc rgb word(colors, i) title word(names, i)
unset multiplot
