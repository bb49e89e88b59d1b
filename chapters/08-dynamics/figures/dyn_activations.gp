# Sigmoid, tanh and ReLU on the same 784-32-32-32-10 network: the training loss after each
# epoch, at two learning rates (data: dyn_activations.csv, written by section 6 of
# `nnref demo 8`; data set 0 is lr 0.01, 1 is lr 0.1; columns: epoch, then the loss of
# sigmoid and tanh from Xavier's init and of ReLU from He's).
set encoding utf8
set terminal svg size 960,420 enhanced font 'sans,11' background rgb 'white'
set output 'dyn_activations.svg'
names = "sigmoid tanh ReLU"
colors = "#c0392b #e67e22 #1f4e79"
set grid lc rgb '#dddddd'
set xlabel 'epoch'
set xrange [0:10]
set xtics 1
set ylabel 'training loss'
set yrange [0:2.6]
set key bottom left font 'sans,9'
set multiplot layout 1,2
set title 'lr 0.01'
plot for [i=1:3] 'dyn_activations.csv' index 0 using 1:(column(i+1)) \
     with linespoints lw 1.5 pt 7 ps 0.5 lc rgb word(colors, i) title word(names, i)
set title 'lr 0.1'
plot for [i=1:3] 'dyn_activations.csv' index 1 using 1:(column(i+1)) \
     with linespoints lw 1.5 pt 7 ps 0.5 lc rgb word(colors, i) title word(names, i)
unset multiplot
