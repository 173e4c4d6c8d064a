package store

import "time"

// LogFile is one log file the run simulation wrote: pipeline.log, scheduler.log or
// {block_uuid}.log of a run's partition.
type LogFile struct {
	Content  string
	Modified time.Time
}

// LogFile finds the file at path (relative to the project's variables folder).
func (d *Data) LogFile(path string) (LogFile, bool) {
	f, ok := d.logs[path]
	return f, ok
}

// AppendLog appends a line to the file at path, creating it.
func (d *Data) AppendLog(path, line string, at time.Time) {
	if d.logs == nil {
		d.logs = map[string]LogFile{}
	}
	f := d.logs[path]
	f.Content += line + "\n"
	f.Modified = at
	d.logs[path] = f
}
