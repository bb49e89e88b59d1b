# dL/dz through a sigmoid output, ŷ = σ(z), when the truth is y = 1 (data:
# loss_gradient_logit.csv). MSE's gradient 2(ŷ - y) σ′(z) vanishes as the unit
# saturates on the wrong side (z << 0); BCE's, ŷ - y, tends to -1 there.
set terminal svg size 640,400 enhanced font 'sans,12' background rgb 'white'
set output 'loss_gradient_logit.svg'
set encoding utf8
set datafile separator ' '
set grid lc rgb '#dddddd'
set xlabel 'logit z  (ŷ = σ(z), truth y = 1)'
set ylabel 'dL/dz'
set xrange [-8:8]
set yrange [-1.1:0.1]
set key bottom right spacing 1.1
plot 'loss_gradient_logit.csv' skip 1 using 1:2 with lines lw 2 lc rgb '#1f4e79' title "MSE through sigmoid: 2(ŷ - y) σ′(z)", \
     '' skip 1 using 1:3 with lines lw 2 lc rgb '#c0392b' title 'BCE from logits: ŷ - y'
