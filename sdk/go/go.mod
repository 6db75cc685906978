module trustvault

go 1.19
