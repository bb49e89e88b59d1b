# GFLOP/s of each stage of the matrix product, OpenBLAS and the FMA peak, on one training
# step's products, from the bench run recorded in gemm_bench.csv (bench/gemm_bench.cpp).
set terminal svg size 720,420 enhanced font 'sans,12' background rgb 'white'
set output 'gemm_stages.svg'
set datafile missing '-'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel 'GFLOP/s'
set title "One training step's matrix products (784-512-256-10, batch 128)"
set key top left
set grid ytics
set xtics rotate by -30 scale 0
set yrange [0:*]
plot 'gemm_bench.csv' using 2:xtic(1) title '1 thread' lc rgb '#4477aa', \
     '' using 3 title '2 threads' lc rgb '#ee6677'
