#include <stdio.h>
#include <stdlib.h>

static const char *grade(double score) {
    if (score >= 0.7)
        return "green";
    if (score >= 0.4)
        return "yellow";
    return "red";
}

int main(int argc, char **argv) {
    double score = argc > 1 ? atof(argv[1]) : 0.0;
    if (score < 0 || score > 1) {
        fprintf(stderr, "score outside 0..1\n");
        return 2;
    }
    printf("%s\n", grade(score));
    return 0;
}
