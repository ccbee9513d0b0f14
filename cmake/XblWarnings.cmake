# xbl_set_warnings(target): our own targets build clean with these.
function(xbl_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
endfunction()
