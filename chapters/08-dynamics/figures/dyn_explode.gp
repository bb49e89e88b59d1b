# Exploding gradients in ten ReLU layers (data: dyn_explode_layers.csv and
# dyn_explode_steps.csv, written by section 2 of `nnref demo 8`). Left: |dL/dZ| by layer at
# init, He's variance and twice it. Right: the gradient norm of every step (data sets: He;
# twice He's variance; the same with clip_norm = 5). The unclipped run leaves the top of the
# plot and overflows.
set encoding utf8
set terminal svg size 960,420 enhanced font 'sans,11' background rgb 'white'
set output 'dyn_explode.svg'
set logscale y
set format y '10^{%L}'
set grid lc rgb '#dddddd'
set key top right font 'sans,9'
set multiplot layout 1,2
set title '‖∂L/∂Z‖ by layer, at init'
set xlabel 'layer'
set xrange [0.5:11.5]
set xtics 1
set yrange [1e-2:10]
plot 'dyn_explode_layers.csv' using 1:2 with linespoints lw 1.5 pt 7 ps 0.5 lc rgb '#1f4e79' \
         title 'He: Var(w) = 2/n_{in}', \
     '' using 1:3 with linespoints lw 1.5 pt 7 ps 0.5 lc rgb '#c0392b' title 'Var(w) = 4/n_{in}'
set title 'gradient norm at each step (lr 0.01)'
set xlabel 'step'
set xrange [1:320]
set xtics auto
set yrange [1:1e6]
plot 'dyn_explode_steps.csv' index 0 using 1:2 with lines lw 1.2 lc rgb '#1f4e79' title 'He', \
     '' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.5 lc rgb '#c0392b' \
         title 'Var(w) = 4/n_{in}, no clipping', \
     '' index 2 using 1:2 with lines lw 1.2 lc rgb '#e67e22' title 'Var(w) = 4/n_{in}, clip\_norm = 5'
unset multiplot
