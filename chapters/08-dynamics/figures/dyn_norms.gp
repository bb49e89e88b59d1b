# The norm of dL/dW for each layer of ten-hidden-layer networks, one line per activation,
# at Xavier's init and after 2 epochs (data: dyn_norms.csv, written by section 1 of
# `nnref demo 8`; data sets 0-3 at init, 4-7 after training, column 2 is |dW|).
set encoding utf8
set terminal svg size 960,420 enhanced font 'sans,11' background rgb 'white'
set output 'dyn_norms.svg'
names = "sigmoid tanh ReLU 'Leaky ReLU'"
colors = "#c0392b #e67e22 #1f4e79 #27ae60"
set logscale y
set format y '10^{%L}'
set yrange [1e-7:10]
set xrange [0.5:11.5]
set xtics 1
set grid lc rgb '#dddddd'
set xlabel 'layer (1 = next to the input, 11 = output)'
set ylabel '‖∂L/∂W‖'
set key bottom right font 'sans,9'
set multiplot layout 1,2
set title 'at initialization'
plot for [i=1:4] 'dyn_norms.csv' index (i-1) using 1:2 \
     with linespoints lw 1.5 pt 7 ps 0.5 lc rgb word(colors, i) title word(names, i)
set title 'after 2 epochs of mini-batch descent'
plot for [i=1:4] 'dyn_norms.csv' index (i+3) using 1:2 \
     with linespoints lw 1.5 pt 7 ps 0.5 lc rgb word(colors, i) title word(names, i)
unset multiplot
