#!/usr/bin/perl
# The reference bounce classifier (Debian's libsisimai-perl) over the mail files given as arguments.
# Prints one line per file: name TAB hard|soft|none TAB reason TAB delivery status TAB recipient (the first
# recipient sisimai found).
# With -n N it classifies the whole list N times and prints only the elapsed seconds (for the benchmark).
use strict;
use warnings;
use Sisimai;
use Time::HiRes qw(time);

my $rounds = 0;
if (@ARGV && $ARGV[0] eq '-n') { shift @ARGV; $rounds = shift @ARGV; }

if ($rounds) {
    my $started = time;
    for (1 .. $rounds) { for my $file (@ARGV) { Sisimai->make($file, 'delivered' => 1); } }
    printf "%.6f\n", time - $started;
    exit 0;
}
for my $file (@ARGV) {
    my $found = Sisimai->make($file, 'delivered' => 1) || [];
    my ($name) = $file =~ m{([^/]+)$};
    if (!@$found) { print "$name\tnone\t\t\t\n"; next; }
    my $first = $found->[0];
    my $class = $first->softbounce == 0 ? 'hard' : $first->softbounce == 1 ? 'soft' : 'none';
    print join("\t", $name, $class, $first->reason // '', $first->deliverystatus // '', $first->recipient->address // ''), "\n";
}
