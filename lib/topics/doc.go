// Package topics turns the rows of a factor matrix (the Vᵀ of an SVD or the
// H of an NMF, one row per topic, one column per vocabulary word) into the
// lesson's readable topics: the words of largest weight in each row.
package topics
