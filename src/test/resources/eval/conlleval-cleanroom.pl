#!/usr/bin/perl
# Clean-room re-implementation of the counting loop of the CoNLL-2000 conlleval.pl script, written from the
# published description of its chunk rules (not copied), used by the tests as an independent reference.
# Input on stdin: "token ... gold predicted" per line, blank line = sentence boundary, lines starting with
# -DOCSTART- are skipped (the original would count them as O tokens). Output: conlleval's summary lines.
# Chunk rules: conlleval's startOfChunk/endOfChunk for B, I, E, O plus S treated as a one-token chunk
# (like conlleval's [ and ]) and E/S always closing a chunk, as bertner's lenient decoder does.
use strict;
use warnings;

my ($tokens, $goldChunks, $predChunks, $correctChunks, $correctTags) = (0, 0, 0, 0, 0);
my (%gold, %pred, %correct);
my ($lastGold, $lastPred, $lastGoldType, $lastPredType) = ('O', 'O', '', '');
my $inCorrect = 0;

sub split_tag {
    my ($t) = @_;
    return ('O', '') if $t eq 'O';
    my $dash = index($t, '-');
    die "bad tag $t\n" if $dash != 1;
    my $p = substr($t, 0, 1);
    $p = 'E' if $p eq 'L';
    $p = 'S' if $p eq 'U';
    return ($p, substr($t, 2));
}

sub chunk_ends {
    my ($pt, $t, $ptype, $type) = @_;
    return 0 if $pt eq 'O';
    return 1 if $pt eq 'E' || $pt eq 'S';
    return 1 if $t eq 'B' || $t eq 'S' || $t eq 'O';
    return $ptype ne $type ? 1 : 0;
}

sub chunk_starts {
    my ($pt, $t, $ptype, $type) = @_;
    return 0 if $t eq 'O';
    return 1 if $t eq 'B' || $t eq 'S';
    return 1 if $pt eq 'O' || $pt eq 'E' || $pt eq 'S';
    return $ptype ne $type ? 1 : 0;
}

sub step {
    my ($g, $gt, $p, $pt, $isToken) = @_;
    my $gEnd = chunk_ends($lastGold, $g, $lastGoldType, $gt);
    my $pEnd = chunk_ends($lastPred, $p, $lastPredType, $pt);
    if ($inCorrect) {
        if ($gEnd && $pEnd && $lastGoldType eq $lastPredType) {
            $inCorrect = 0;
            $correctChunks++;
            $correct{$lastGoldType}++;
        } elsif ($gEnd != $pEnd || $gt ne $pt) {
            $inCorrect = 0;
        }
    }
    my $gStart = chunk_starts($lastGold, $g, $lastGoldType, $gt);
    my $pStart = chunk_starts($lastPred, $p, $lastPredType, $pt);
    $inCorrect = 1 if $gStart && $pStart && $gt eq $pt;
    if ($gStart) { $goldChunks++; $gold{$gt}++; }
    if ($pStart) { $predChunks++; $pred{$pt}++; }
    if ($isToken) {
        $tokens++;
        $correctTags++ if $g eq $p && $gt eq $pt;
    }
    ($lastGold, $lastPred, $lastGoldType, $lastPredType) = ($g, $p, $gt, $pt);
}

while (my $line = <STDIN>) {
    $line =~ s/^\s+|\s+$//g;
    my @f = split(/\s+/, $line);
    if (!@f || $f[0] eq '-DOCSTART-') {
        step('O', '', 'O', '', 0);
        next;
    }
    my ($g, $gt) = split_tag($f[-2]);
    my ($p, $pt) = split_tag($f[-1]);
    step($g, $gt, $p, $pt, 1);
}
step('O', '', 'O', '', 0);

sub prf {
    my ($c, $p, $g) = @_;
    my $prec = $p > 0 ? 100 * $c / $p : 0;
    my $rec = $g > 0 ? 100 * $c / $g : 0;
    my $f = $prec + $rec > 0 ? 2 * $prec * $rec / ($prec + $rec) : 0;
    return sprintf("precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f", $prec, $rec, $f);
}

print "processed $tokens tokens with $goldChunks phrases; found: $predChunks phrases; correct: $correctChunks.\n";
if ($tokens > 0) {
    printf("accuracy: %6.2f%%; %s\n", 100 * $correctTags / $tokens, prf($correctChunks, $predChunks, $goldChunks));
}
my %types = map { $_ => 1 } (keys %gold, keys %pred);
foreach my $t (sort keys %types) {
    my $c = $correct{$t} // 0;
    my $p = $pred{$t} // 0;
    my $g = $gold{$t} // 0;
    printf("%17s: %s  %d\n", $t, prf($c, $p, $g), $p);
}
