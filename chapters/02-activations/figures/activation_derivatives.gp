# The derivatives of chapter 2's activations (data: activations.csv). The sigmoid's is at
# most 1/4, and it and tanh's vanish away from 0: saturation.
set terminal svg size 900,460 enhanced font 'sans,12' background rgb 'white'
set output 'activation_derivatives.svg'
set datafile separator ' '
set multiplot layout 1,2
set grid lc rgb '#dddddd'
set xlabel 'x'
set xrange [-5:5]
set yrange [-0.2:1.2]
set key below maxcols 2 spacing 1.1
set title "the classics' derivatives"
plot 'activations.csv' skip 1 using 1:3 with lines lw 2 lc rgb '#1f4e79' title "sigmoid'", \
     '' skip 1 using 1:5 with lines lw 2 lc rgb '#c0392b' title "tanh'", \
     '' skip 1 using 1:7 with steps lw 2 lc rgb '#27ae60' title "relu'", \
     '' skip 1 using 1:9 with steps lw 2 dt 2 lc rgb '#8e44ad' title "leaky relu'"
set title "the modern ones' derivatives"
plot 'activations.csv' skip 1 using 1:11 with lines lw 2 lc rgb '#e67e22' title "elu'", \
     '' skip 1 using 1:13 with lines lw 2 lc rgb '#16a085' title "softplus'", \
     '' skip 1 using 1:15 with lines lw 2 lc rgb '#1f4e79' title "gelu'", \
     '' skip 1 using 1:17 with lines lw 2 dt 2 lc rgb '#c0392b' title "gelu' (tanh approx.)", \
     '' skip 1 using 1:19 with lines lw 2 lc rgb '#7f8c8d' title "silu'"
unset multiplot
