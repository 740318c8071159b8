package kernel

import "sync"

// condVar is a sync.Cond over Kernel.mu, for waits on children.
type condVar = sync.Cond

func newCond(mu *sync.Mutex) *condVar { return sync.NewCond(mu) }
