-- Opens and clicks are tracked for use cases that ask for it: by default marketing yes, transactional no.
alter table use_cases add column track_engagement boolean;
update use_cases set track_engagement = (email_type = 'marketing');
alter table use_cases alter column track_engagement set not null;
