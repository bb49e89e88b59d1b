# E[a^2] of each hidden layer's activations at init, ten layers of 128 units, for every
# initialization scheme (data: dyn_init.csv, written by section 3 of `nnref demo 8`; data
# sets 0-5 are tanh, 6-11 ReLU, in the order of all_inits; column 2 is E[a^2]).
set encoding utf8
set terminal svg size 960,420 enhanced font 'sans,11' background rgb 'white'
set output 'dyn_init.svg'
names = "'uniform, s = 0.5' 'normal, s = 0.01' 'Xavier uniform' 'Xavier normal' 'He uniform' 'He normal'"
colors = "#555555 #999999 #e67e22 #c0392b #27ae60 #1f4e79"
dashes = "1 1 2 1 2 1"
set logscale y
set format y '10^{%L}'
set xrange [0.5:10.5]
set xtics 1
set grid lc rgb '#dddddd'
set xlabel 'hidden layer'
set ylabel 'E[a^2]'
set key bottom left font 'sans,9'
set multiplot layout 1,2
set title 'tanh'
set yrange [1e-20:10]
plot for [i=1:6] 'dyn_init.csv' index (i-1) using 1:2 with linespoints lw 1.5 pt 7 ps 0.5 \
     dt int(word(dashes, i)) lc rgb word(colors, i) title word(names, i)
set title 'ReLU'
set yrange [1e-23:1e8]
plot for [i=1:6] 'dyn_init.csv' index (i+5) using 1:2 with linespoints lw 1.5 pt 7 ps 0.5 \
     dt int(word(dashes, i)) lc rgb word(colors, i) title word(names, i)
unset multiplot
