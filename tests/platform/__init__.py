"""The LMS-faithful test runtime: the block run as the Open edX LMS and Studio run it."""
