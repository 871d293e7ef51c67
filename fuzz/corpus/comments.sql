SELECT 1 /*!80000 + 1 */ /*!99999 + 2 */ -- tail
# hash
/* block */