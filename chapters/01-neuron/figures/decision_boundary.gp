# Iris setosa against versicolor, and the line where the trained sigmoid neuron outputs 1/2
# (data: iris_points.csv, iris_boundary.csv, written by `nnref demo 1`).
set terminal svg size 640,460 font 'sans,12' background '#ffffff'
set output 'decision_boundary.svg'
set datafile separator ' '
set xlabel 'sepal length (cm)'
set ylabel 'sepal width (cm)'
set xrange [4:7.5]
set yrange [1.8:4.6]
set key below
set grid lc rgb '#dddddd'
set clip two  # draw the boundary even though both its ends lie outside the plot
plot 'iris_points.csv' skip 1 using ($3 == 0 ? $1 : NaN):2 with points pt 7 ps 1.1 lc rgb '#1f4e79' title 'setosa (y = 0)', \
     'iris_points.csv' skip 1 using ($3 == 1 ? $1 : NaN):2 with points pt 5 ps 1.0 lc rgb '#e67e22' title 'versicolor (y = 1)', \
     'iris_boundary.csv' skip 1 using 1:2 with lines lw 2 lc rgb '#c0392b' title 'a = 0.5 (z = 0)'
