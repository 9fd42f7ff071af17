// tracker: a tiny HTTP service standing in for a time tracker.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	addr := ":3000"
	if v := os.Getenv("TRACKER_LISTEN"); v != "" {
		addr = v
	}
	log.Printf("tracker listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}
