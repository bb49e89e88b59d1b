# The sigmoid neuron's mean cross-entropy loss during gradient descent (data: iris_loss.csv).
set terminal svg size 640,380 font 'sans,12' background '#ffffff'
set output 'loss.svg'
set datafile separator ' '
set xlabel 'epoch'
set ylabel 'mean loss L(w, b)'
set logscale y
set grid lc rgb '#dddddd'
set key off
plot 'iris_loss.csv' skip 1 using 1:2 with lines lw 2 lc rgb '#1f4e79'
